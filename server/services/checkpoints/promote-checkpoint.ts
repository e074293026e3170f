import { and, eq, sql } from "drizzle-orm";
import { checkpointEvaluations, evaluations, runArtifacts, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { type Db, withTransaction } from "@/server/db";
import { badRequest, conflict } from "@/server/errors";
import { CheckpointStepInput } from "@/server/schemas/checkpoints";
import { evaluateGates } from "@/server/services/gates/evaluate-gates";
import { clearPValueCache } from "@/server/services/leaderboard/compare-runs";
import { findRun } from "@/server/services/runs/get-run";
import { afterEvaluationStored } from "@/server/services/runs-table/after-evaluation";

/** checkpoint_evaluations.step of the archived final adapter's evaluation (a real step is >= 0). */
export const FINAL_STEP = -1;

/**
 * Makes a checkpoint the run's result. Everything that reads "the run's result" (leaderboard,
 * compare, gates, runs table, reviews) reads the run's one `evaluations` row and its `adapter`
 * artifact, so promotion swaps those in place, in one transaction:
 *  - the first promotion archives the final evaluation (scores + samples) as checkpoint
 *    evaluation step -1 and the final adapter as artifact "adapter-final";
 *  - the evaluation row gets the checkpoint's scores and samples; artifact "adapter" its path;
 *  - runs.promoted_step records which step it is (null: the final adapter).
 * Promoting the run's final step restores the archived final result. The evaluation keeps its id,
 * so cached leaderboard p-values keyed by it are dropped.
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
  const result = await withTransaction(ctx.db, async (tx) => {
    const [evaluation] = await tx
      .select()
      .from(evaluations)
      .where(and(eq(evaluations.runId, run.id), eq(evaluations.status, "completed")))
      .for("update");
    if (!evaluation)
      throw badRequest(
        "The run has no completed evaluation yet; promote a checkpoint after the run is evaluated.",
      );
    const [locked] = await tx
      .select({ promotedStep: runs.promotedStep })
      .from(runs)
      .where(eq(runs.id, run.id))
      .for("update");
    const current = locked!.promotedStep;
    const restoring =
      step === finalStep && current !== null && !(await completedAt(tx, run.id, step));
    if (step === finalStep && current === null) return { runId: run.id, promotedStep: null };
    const source = restoring ? FINAL_STEP : step;
    const [ce] = await tx
      .select()
      .from(checkpointEvaluations)
      .where(and(eq(checkpointEvaluations.runId, run.id), eq(checkpointEvaluations.step, source)));
    if (ce?.status !== "completed")
      throw conflict(
        `The checkpoint at step ${step} has no completed evaluation; evaluate it first.`,
      );
    if (current === null) await archiveFinal(tx, run.id, evaluation.id);
    await tx.execute(sql`DELETE FROM evaluation_samples WHERE evaluation_id = ${evaluation.id}`);
    await tx.execute(sql`INSERT INTO evaluation_samples (evaluation_id, idx, prompt, reference, output, scores, primary_score)
      SELECT ${evaluation.id}, idx, prompt, reference, output, scores, primary_score FROM checkpoint_evaluation_samples WHERE checkpoint_evaluation_id = ${ce.id}`);
    await tx
      .update(evaluations)
      .set({ scores: ce.scores, sampleCount: ce.sampleCount })
      .where(eq(evaluations.id, evaluation.id));
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
    await evaluateGates(tx, run.id);
    return { runId: run.id, promotedStep };
  });
  clearPValueCache();
  return result;
}

async function completedAt(db: Db, runId: string, step: number): Promise<boolean> {
  const [ce] = await db
    .select({ status: checkpointEvaluations.status })
    .from(checkpointEvaluations)
    .where(and(eq(checkpointEvaluations.runId, runId), eq(checkpointEvaluations.step, step)));
  return ce?.status === "completed";
}

async function archiveFinal(db: Db, runId: string, evaluationId: string) {
  const [adapter] = await db
    .select()
    .from(runArtifacts)
    .where(and(eq(runArtifacts.runId, runId), eq(runArtifacts.kind, "adapter")));
  const [evaluation] = await db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
  const [archived] = await db
    .insert(checkpointEvaluations)
    .values({
      runId,
      step: FINAL_STEP,
      kind: "final",
      adapterPath: adapter?.path ?? null,
      status: "completed",
      sampleCount: evaluation!.sampleCount,
      scores: evaluation!.scores,
      finishedAt: evaluation!.finishedAt,
    })
    .onConflictDoUpdate({
      target: [checkpointEvaluations.runId, checkpointEvaluations.step],
      set: {
        adapterPath: adapter?.path ?? null,
        scores: evaluation!.scores,
        sampleCount: evaluation!.sampleCount,
        status: "completed",
      },
    })
    .returning();
  await db.execute(
    sql`DELETE FROM checkpoint_evaluation_samples WHERE checkpoint_evaluation_id = ${archived!.id}`,
  );
  await db.execute(sql`INSERT INTO checkpoint_evaluation_samples (checkpoint_evaluation_id, idx, prompt, reference, output, scores, primary_score)
    SELECT ${archived!.id}, idx, prompt, reference, output, scores, primary_score FROM evaluation_samples WHERE evaluation_id = ${evaluationId}`);
  if (adapter)
    await db
      .insert(runArtifacts)
      .values({ runId, kind: "adapter-final", path: adapter.path })
      .onConflictDoUpdate({
        target: [runArtifacts.runId, runArtifacts.kind],
        set: { path: adapter.path },
      });
}
