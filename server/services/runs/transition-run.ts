import { and, eq } from "drizzle-orm";
import type { RunStatus } from "@/core/enums";
import { runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { ServiceError } from "@/server/errors";
import { settlePendingGates } from "@/server/services/gates/evaluate-gates";
import { emitRunStatusEvent } from "@/server/services/webhooks/run-events";
import { assertTransition } from "./state-machine";

type RunPatch = Partial<typeof runs.$inferInsert>;

/**
 * Moves a run to `to` if the state machine allows it from its current status. The update is a
 * compare-and-set on the status it read, so two workers racing on one run cannot both win.
 */
export async function transitionRun(db: Db, runId: string, to: RunStatus, patch: RunPatch = {}) {
  const [run] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
  if (!run) throw new ServiceError("NOT_FOUND", `Run ${runId} not found`);
  assertTransition(run.status, to);
  const [updated] = await db
    .update(runs)
    .set({ ...patch, status: to })
    .where(and(eq(runs.id, runId), eq(runs.status, run.status)))
    .returning();
  if (!updated)
    throw new ServiceError(
      "CONFLICT",
      `Run ${runId} changed state while moving to ${to}; try again.`,
    );
  await emitRunStatusEvent(db, updated); // run.succeeded / run.failed webhooks, in the caller's transaction
  // A run that ended without an evaluation can no longer be anyone's gate baseline; one whose
  // failed evaluation is retried can again (its gate dependants wait for it once more).
  if (to === "failed" || to === "cancelled" || run.status === "failed")
    await settlePendingGates(db, updated.experimentId, { baselineRunId: runId });
  return updated;
}
