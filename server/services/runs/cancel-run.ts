import { eq } from "drizzle-orm";
import { isDispatched } from "@/core/run-status";
import { runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { ServiceError } from "@/server/errors";
import type { RunIdInput } from "@/server/schemas/runs";
import { projectBackend } from "@/server/services/settings/project-backend";
import { findRun } from "./get-run";
import { transitionRun } from "./transition-run";

/**
 * A queued run is cancelled at once. A submitted or running one gets SIGTERM (or the vendor's
 * cancel); it becomes "cancelled" when the backend reports it, after its last checkpoint.
 */
export async function cancelRun({ ctx, input }: { ctx: DomainCtx; input: RunIdInput }) {
  const run = await findRun(ctx, input.runId);
  if (run.status === "queued")
    return transitionRun(ctx.db, run.id, "cancelled", {
      finishedAt: new Date(),
      cancelRequested: true,
    });
  if (!isDispatched(run.status)) {
    throw new ServiceError(
      "CONFLICT",
      `This run is ${run.status}; only queued, submitted or running runs can be cancelled.`,
    );
  }
  if (run.externalRef?.backend === "external")
    throw new ServiceError(
      "CONFLICT",
      "This run is trained elsewhere and logged through the MLflow API: stop it where it trains; its MLflow client then reports it KILLED or FAILED.",
    );
  const [updated] = await ctx.db
    .update(runs)
    .set({ cancelRequested: true })
    .where(eq(runs.id, run.id))
    .returning();
  if (run.externalRef)
    await (await projectBackend(ctx.db, run.projectId, run.externalRef.backend)).cancel(
      run.externalRef,
    );
  return updated!;
}
