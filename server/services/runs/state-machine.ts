import type { RunStatus } from "@/core/enums";
import { ServiceError } from "@/server/errors";

// queued → submitted → running → succeeded | failed | cancelled; succeeded → evaluating → evaluated.
// A run may fail or be cancelled from any state before it finishes; an evaluation may fail too.
// `evaluating → succeeded` does not exist: a retried evaluation stays in `evaluating`.
const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ["submitted", "failed", "cancelled"],
  submitted: ["running", "succeeded", "failed", "cancelled"],
  running: ["succeeded", "failed", "cancelled"],
  succeeded: ["evaluating"],
  evaluating: ["evaluated", "failed"],
  evaluated: [],
  failed: [],
  cancelled: [],
};

export const ACTIVE_STATUSES: readonly RunStatus[] = ["queued", "submitted", "running"];
export const FINAL_STATUSES: readonly RunStatus[] = ["evaluated", "failed", "cancelled"];

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: RunStatus, to: RunStatus): void {
  if (!canTransition(from, to)) {
    const allowed = TRANSITIONS[from];
    throw new ServiceError(
      "CONFLICT",
      `A run cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.length ? allowed.join(", ") : "nothing (final)"}.`,
    );
  }
}
