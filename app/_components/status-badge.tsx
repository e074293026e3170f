import { Badge, type Tone } from "./ui";

/** Run states (drizzle/schema/runs.ts RUN_STATUSES) as a person reads them. Unknown states still
 *  render, neutrally, so a new state never breaks a page. */
const STATUS: Record<string, { tone: Tone; label: string; live?: boolean }> = {
  queued: { tone: "neutral", label: "Queued" },
  submitted: { tone: "info", label: "Submitted", live: true },
  running: { tone: "info", label: "Training", live: true },
  succeeded: { tone: "accent", label: "Trained" },
  evaluating: { tone: "info", label: "Evaluating", live: true },
  evaluated: { tone: "ok", label: "Evaluated" },
  failed: { tone: "err", label: "Failed" },
  cancelled: { tone: "warn", label: "Cancelled" },
};

export const LIVE_STATUSES = new Set(["queued", "submitted", "running", "succeeded", "evaluating"]);

export function isLive(status: string | null | undefined): boolean {
  return status != null && LIVE_STATUSES.has(status);
}

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { tone: "neutral" as const, label: status };
  return (
    <Badge tone={s.tone} live={s.live}>
      {s.label}
    </Badge>
  );
}
