/** Formatting used across tables and charts; every function accepts null/undefined and shows "—". */

const DASH = "—";

export function fmtNumber(v: number | null | undefined, digits = 3): string {
  if (v == null || !Number.isFinite(v)) return DASH;
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(2);
  return Number(v.toFixed(digits)).toLocaleString("en-US", { maximumFractionDigits: digits });
}

export function fmtInt(v: number | null | undefined): string {
  return v == null ? DASH : Math.round(v).toLocaleString("en-US");
}

export function fmtPercent(v: number | null | undefined, digits = 0): string {
  return v == null ? DASH : `${(v * 100).toFixed(digits)}%`;
}

export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return DASH;
  if (seconds < 1) return "<1s";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = s % 60;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${r}s`;
  return `${r}s`;
}

export function fmtBytes(v: number | null | undefined): string {
  if (v == null) return DASH;
  const units = ["B", "KB", "MB", "GB"];
  let n = v,
    i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

function toDate(v: Date | string | number | null | undefined): Date | null {
  if (v == null) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function fmtRelative(
  v: Date | string | number | null | undefined,
  now = Date.now(),
): string {
  const d = toDate(v);
  if (!d) return DASH;
  const sec = Math.round((now - d.getTime()) / 1000);
  if (sec < 45) return "just now";
  if (sec < 3600) return `${Math.round(sec / 60)} min ago`;
  if (sec < 86400) return `${Math.round(sec / 3600)} h ago`;
  return d.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" });
}

export function fmtDateTime(v: Date | string | number | null | undefined): string {
  const d = toDate(v);
  return d
    ? d.toLocaleString("en-US", {
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      })
    : DASH;
}

export function shortHash(h: string | null | undefined, n = 10): string {
  return h ? h.replace(/^sha256:/, "").slice(0, n) : DASH;
}

/** A hyperparameter value as a person writes it: 0.0002 → 2e-4, 16 → 16. */
export function fmtParam(v: unknown): string {
  if (typeof v === "number")
    return v !== 0 && Math.abs(v) < 1e-2
      ? v
          .toExponential()
          .replace(/\.?0+e/, "e")
          .replace("e-", "e-")
      : String(v);
  if (v == null) return DASH;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
