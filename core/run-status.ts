import { RUN_STATUSES, type RunStatus } from "./enums";

// The run state machine, pure, so the server enforces it and the UI, the CLI and scripts read its
// groups instead of listing statuses again.
//
// queued → submitted → running → succeeded | failed | cancelled; succeeded → evaluating → evaluated.
// A run may fail or be cancelled from any state before it finishes; an evaluation may fail too.
// `evaluating → succeeded` does not exist: a retried evaluation stays in `evaluating`.
// `failed → evaluating` is a person retrying a failed evaluation (RETRIES); only a run whose
// training finished may take it (requestEvaluation checks that its evaluation job failed).
const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ["submitted", "failed", "cancelled"],
  submitted: ["running", "succeeded", "failed", "cancelled"],
  running: ["succeeded", "failed", "cancelled"],
  succeeded: ["evaluating"],
  evaluating: ["evaluated", "failed"],
  evaluated: [],
  failed: ["evaluating"],
  cancelled: [],
};

/** Transitions only a person's request takes; nothing happens to a run on its own through them. */
const RETRIES: Partial<Record<RunStatus, readonly RunStatus[]>> = { failed: ["evaluating"] };

export function isRetry(from: RunStatus, to: RunStatus): boolean {
  return RETRIES[from]?.includes(to) ?? false;
}

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: RunStatus): readonly RunStatus[] {
  return TRANSITIONS[from];
}

// Named groups. tests/core/run-status.test.ts ties each one to the transitions above.

/** Training has not ended (waiting, being submitted, training): the run can still be cancelled,
 *  and its poll job keeps polling. */
export const TRAINING_STATUSES = ["queued", "submitted", "running"] as const satisfies RunStatus[];
/** Training has not started, so nothing has been spent on it yet. */
export const NOT_STARTED_STATUSES = ["queued", "submitted"] as const satisfies RunStatus[];
/** A backend holds the run: the local slot is taken, progress is live, cancelling asks the backend. */
export const DISPATCHED_STATUSES = ["submitted", "running"] as const satisfies RunStatus[];
/** Training succeeded: the run has or will get an evaluation (asking again is a keyed no-op). */
export const TRAINED_STATUSES = [
  "succeeded",
  "evaluating",
  "evaluated",
] as const satisfies RunStatus[];
/** Nothing more will happen to the run on its own: no transition leads out but a retry. */
export const FINISHED_STATUSES = [
  "evaluated",
  "failed",
  "cancelled",
] as const satisfies RunStatus[];
/** Finished without an evaluation, and never to get one (training or evaluation failed, or the
 *  run was cancelled). */
export const UNSUCCESSFUL_STATUSES = ["failed", "cancelled"] as const satisfies RunStatus[];

// Predicates take any string: the UI and the CLI read statuses from JSON.
const member = (group: readonly RunStatus[]) => (status: string) =>
  (group as readonly string[]).includes(status);
export const isTraining = member(TRAINING_STATUSES);
export const isNotStarted = member(NOT_STARTED_STATUSES);
export const isDispatched = member(DISPATCHED_STATUSES);
export const isTrained = member(TRAINED_STATUSES);
export const isFinished = member(FINISHED_STATUSES);
export const isUnsuccessful = member(UNSUCCESSFUL_STATUSES);

/** Everything not finished: pages keep refreshing while a run is in one of these. */
export const UNFINISHED_STATUSES: readonly RunStatus[] = RUN_STATUSES.filter((s) => !isFinished(s));
export const isUnfinished = member(UNFINISHED_STATUSES);
