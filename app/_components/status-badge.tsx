import type { RunStatus } from "@/core/enums";
import { Badge, type Tone } from "./ui";

/** Run states as a person reads them. Unknown states still render, neutrally, so a page served
 *  by an older build never breaks on a newer state. */
const STATUS: Record<RunStatus, { tone: Tone; label: string; live?: boolean }> = {
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
  const s = STATUS[status as RunStatus] ?? { tone: "neutral" as const, label: status };
  return (
    <Badge tone={s.tone} live={s.live}>
      {s.label}
    </Badge>
  );
}
