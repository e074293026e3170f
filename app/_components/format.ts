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

// GGUF quantisation labels as llama.cpp names them (Q4_1, Q5_K_M, IQ4_XS, F16, BF16, …).
const GGUF_QUANT = /^(.+?)[.-]((?:I?Q\d[A-Z0-9_]*)|B?F16|F32)$/i;

/**
 * A base model as a person reads it: a GGUF file as "SmolLM2-135M-Instruct (GGUF Q4_1)", a local
 * folder by its name (a Hugging Face cache snapshot as its repository, "org/name"), a Hub id as
 * it is. The full value belongs in a tooltip: absolute paths tell a reader nothing at a glance.
 */
export function fmtModel(model: string): string {
  const parts = model
    .trim()
    .replace(/[\\/]+$/, "")
    .split(/[\\/]/);
  const looksLikePath = /^([\\/.~]|[A-Za-z]:[\\/])/.test(model.trim()) || parts.length > 2;
  if (!looksLikePath) return model.trim();
  const last = parts.at(-1) ?? model;
  if (/\.gguf$/i.test(last)) {
    const stem = last.replace(/\.gguf$/i, "");
    const m = stem.match(GGUF_QUANT);
    return m ? `${m[1]} (GGUF ${m[2]!.toUpperCase()})` : `${stem} (GGUF)`;
  }
  const hub = parts.findLast((p) => p.startsWith("models--"));
  if (hub) return hub.slice("models--".length).split("--").join("/");
  return last;
}
