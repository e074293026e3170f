import type { RunStatus } from "@/core/enums";
import { isUnfinished } from "@/core/run-status";
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

/** Whether a page keeps refreshing a run in this status (core/run-status.ts: unfinished). */
export function isLive(status: string | null | undefined): boolean {
  return status != null && isUnfinished(status);
}

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status as RunStatus] ?? { tone: "neutral" as const, label: status };
  return (
    <Badge tone={s.tone} live={s.live}>
      {s.label}
    </Badge>
  );
}
