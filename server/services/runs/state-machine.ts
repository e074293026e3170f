import type { RunStatus } from "@/core/enums";
import { canTransition, nextStatuses } from "@/core/run-status";
import { ServiceError } from "@/server/errors";

/** The state machine (core/run-status.ts) as a service rule: a refused transition is a CONFLICT. */
export function assertTransition(from: RunStatus, to: RunStatus): void {
  if (!canTransition(from, to)) {
    const allowed = nextStatuses(from);
    throw new ServiceError(
      "CONFLICT",
      `A run cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.length ? allowed.join(", ") : "nothing (final)"}.`,
    );
  }
}
