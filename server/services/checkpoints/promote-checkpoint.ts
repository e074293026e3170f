import { and, eq } from "drizzle-orm";
import { checkpointEvaluations, evaluations, runArtifacts, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { type Db, withTransaction } from "@/server/db";
import { badRequest, conflict } from "@/server/errors";
import { CheckpointStepInput } from "@/server/schemas/checkpoints";
import { leaderboardChanged } from "@/server/services/leaderboard/board-state";
import { findRun } from "@/server/services/runs/get-run";
import { afterEvaluationStored } from "@/server/services/runs-table/after-evaluation";

/** checkpoint_evaluations.step of the run's final evaluation once a checkpoint was promoted (a real step is >= 0). */
export const FINAL_STEP = -1;

/**
 * Makes a checkpoint the run's result. Everything that reads "the run's result" (leaderboard,
 * compare, gates, runs table, reviews) reads the evaluation whose runId is the run and the run's
 * `adapter` artifact, so promotion points the run at the checkpoint's evaluation, in one
 * transaction:
 *  - the first promotion records the final evaluation as checkpoint evaluation step -1 and the
 *    final adapter as artifact "adapter-final";
 *  - the run's evaluation loses its runId and the checkpoint's evaluation gets it; artifact
 *    "adapter" gets the checkpoint's path; runs.promoted_step says which step (null: the final one).
 * Promoting the run's final step points it back at its final evaluation. No evaluation's scores or
 * samples change, so whatever is memoised by evaluation id stays true; the leaderboard's refresh
 * job then re-decides the run's gates and paired tests from the evaluation it points at.
 */
export async function promoteCheckpoint({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: CheckpointStepInput;
}) {
  const { runId, step } = CheckpointStepInput.parse(input);
  const run = await findRun(ctx, runId);
  const finalStep = run.step ?? run.totalSteps ?? 0;
  return withTransaction(ctx.db, async (tx) => {
    const [locked] = await tx
      .select({ promotedStep: runs.promotedStep })
      .from(runs)
      .where(eq(runs.id, run.id))
      .for("update");
    const [evaluation] = await tx
      .select({ id: evaluations.id })
      .from(evaluations)
      .where(and(eq(evaluations.runId, run.id), eq(evaluations.status, "completed")));
    if (!evaluation)
      throw badRequest(
        "The run has no completed evaluation yet; promote a checkpoint after the run is evaluated.",
      );
    const current = locked!.promotedStep;
    if (step === finalStep && current === null) return { runId: run.id, promotedStep: null };
    const restoring = step === finalStep && !(await completedAt(tx, run.id, step));
    const source = restoring ? FINAL_STEP : step;
    const [ce] = await tx
      .select()
      .from(checkpointEvaluations)
      .where(and(eq(checkpointEvaluations.runId, run.id), eq(checkpointEvaluations.step, source)));
    if (ce?.status !== "completed" || !ce.evaluationId)
      throw conflict(
        `The checkpoint at step ${step} has no completed evaluation; evaluate it first.`,
      );
    if (current === null) await recordFinal(tx, run.id, evaluation.id);
    // Detach first: runId is unique.
    await tx.update(evaluations).set({ runId: null }).where(eq(evaluations.id, evaluation.id));
    await tx.update(evaluations).set({ runId: run.id }).where(eq(evaluations.id, ce.evaluationId));
    if (ce.adapterPath)
      await tx
        .insert(runArtifacts)
        .values({ runId: run.id, kind: "adapter", path: ce.adapterPath })
        .onConflictDoUpdate({
          target: [runArtifacts.runId, runArtifacts.kind],
          set: { path: ce.adapterPath },
        });
    const promotedStep = restoring ? null : step;
    await tx.update(runs).set({ promotedStep }).where(eq(runs.id, run.id));
    await afterEvaluationStored(tx, run.id);
    // Its refresh re-decides the run's gates and paired tests from the evaluation it points at now.
    await leaderboardChanged(tx, run.experimentId);
    return { runId: run.id, promotedStep };
  });
}

async function completedAt(db: Db, runId: string, step: number): Promise<boolean> {
  const [ce] = await db
    .select({ status: checkpointEvaluations.status })
    .from(checkpointEvaluations)
    .where(and(eq(checkpointEvaluations.runId, runId), eq(checkpointEvaluations.step, step)));
  return ce?.status === "completed";
}

/** Keeps the final evaluation and adapter findable while a checkpoint is the run's result. */
async function recordFinal(db: Db, runId: string, evaluationId: string) {
  const [adapter] = await db
    .select()
    .from(runArtifacts)
    .where(and(eq(runArtifacts.runId, runId), eq(runArtifacts.kind, "adapter")));
  const final = { adapterPath: adapter?.path ?? null, status: "completed" as const, evaluationId };
  await db
    .insert(checkpointEvaluations)
    .values({ runId, step: FINAL_STEP, kind: "final", ...final, finishedAt: new Date() })
    .onConflictDoUpdate({
      target: [checkpointEvaluations.runId, checkpointEvaluations.step],
      set: final,
    });
  if (adapter)
    await db
      .insert(runArtifacts)
      .values({ runId, kind: "adapter-final", path: adapter.path })
      .onConflictDoUpdate({
        target: [runArtifacts.runId, runArtifacts.kind],
        set: { path: adapter.path },
      });
}
