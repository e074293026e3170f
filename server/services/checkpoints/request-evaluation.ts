import { and, eq, sql } from "drizzle-orm";
import { checkpointEvaluations, runCheckpoints } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { badRequest, notFound } from "@/server/errors";
import { jobKeys } from "@/server/jobs/contracts";
import { enqueueJob } from "@/server/jobs/enqueue";
import { CheckpointStepInput } from "@/server/schemas/checkpoints";
import { findRun } from "@/server/services/runs/get-run";
import { checkpointAvailable } from "./available";

/**
 * Queues the evaluation of one checkpoint, once: asking again while it is queued, running or done
 * changes nothing; after a failure it is queued afresh.
 */
export async function requestCheckpointEvaluation({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: CheckpointStepInput;
}) {
  const { runId, step } = CheckpointStepInput.parse(input);
  const run = await findRun(ctx, runId);
  const [cp] = await ctx.db
    .select()
    .from(runCheckpoints)
    .where(and(eq(runCheckpoints.runId, run.id), eq(runCheckpoints.step, step)));
  if (!cp) throw notFound(`Checkpoint at step ${step}`);
  if (!checkpointAvailable(cp.path))
    throw badRequest(
      `The checkpoint at step ${step} is no longer on disk (${cp.path}); it may have been deleted by hand, or the run trained before checkpoints kept their adapters.`,
    );
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(checkpointEvaluations)
      .values({ runId: run.id, step, kind: "checkpoint", adapterPath: cp.path, status: "queued" })
      .onConflictDoUpdate({
        target: [checkpointEvaluations.runId, checkpointEvaluations.step],
        set: { status: "queued", error: null },
        setWhere: sql`${checkpointEvaluations.status} = 'failed'`,
      })
      .returning();
    if (!row) {
      const [existing] = await tx
        .select({ status: checkpointEvaluations.status })
        .from(checkpointEvaluations)
        .where(and(eq(checkpointEvaluations.runId, run.id), eq(checkpointEvaluations.step, step)));
      return { runId: run.id, step, status: existing!.status };
    }
    await enqueueJob(tx, {
      kind: "checkpoint.evaluate",
      payload: { runId: run.id, step },
      key: jobKeys.evaluateCheckpoint(row.id, Date.now()),
    });
    return { runId: run.id, step, status: row.status };
  });
}
