import { and, eq } from "drizzle-orm";
import {
  checkpointEvaluations,
  evaluationSamples,
  evaluations,
  experiments,
  runs,
} from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import { generateAndScore } from "@/server/services/evaluations/generate-and-score";
import { evaluationTarget } from "@/server/services/experiments/evaluation-target";
import { generationTarget } from "@/server/services/runs/generation-target";
import { runWorkDir } from "@/server/services/runs/work-dir";

const BATCH = 500;

/**
 * Generates with the checkpoint's adapter (the local worker's DIR/checkpoints/step_N holds
 * adapter_config.json + adapter_model.safetensors, which `worker generate` loads like the final
 * adapter) on the run's eval split, scores with evals/ exactly as the run's own evaluation, and
 * stores them as an `evaluations` row of the experiment that no run points at yet (promotion points
 * the run at it), in one transaction. Idempotent: a completed one is left alone, also when two
 * workers finish it at once.
 */
export async function evaluateCheckpoint(
  db: Db,
  runId: string,
  step: number,
): Promise<"evaluated" | "skipped"> {
  const [ce] = await db
    .select()
    .from(checkpointEvaluations)
    .where(and(eq(checkpointEvaluations.runId, runId), eq(checkpointEvaluations.step, step)));
  if (!ce || ce.status === "completed") return "skipped";
  const [row] = await db
    .select({ run: runs, experiment: experiments })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(eq(runs.id, runId));
  if (!row) return "skipped";
  const { run, experiment } = row;
  await db
    .update(checkpointEvaluations)
    .set({ status: "running", error: null })
    .where(eq(checkpointEvaluations.id, ce.id));

  const target = evaluationTarget(experiment);
  const ref = run.externalRef;
  const backend = ref?.backend ?? experiment.backend;
  const { corpus, samples, likelihood } = await generateAndScore(db, {
    projectId: run.projectId,
    backend,
    datasetVersionId: target.datasetVersionId,
    ...generationTarget(run.spec, backend, target.baseModel, ce.adapterPath),
    suite: experiment.evalSuite,
    ref,
    workDir: `${runWorkDir(runId)}/eval-step-${step}`,
    judging: {
      experimentId: experiment.id,
      runId,
      budgetKey: `checkpoint:${ce.id}`,
      link: false,
    },
  });

  return withTransaction(db, async (tx) => {
    const [locked] = await tx
      .select({ status: checkpointEvaluations.status })
      .from(checkpointEvaluations)
      .where(eq(checkpointEvaluations.id, ce.id))
      .for("update");
    if (locked?.status !== "running") return "skipped" as const;
    const [evaluation] = await tx
      .insert(evaluations)
      .values({
        projectId: run.projectId,
        experimentId: experiment.id,
        runId: null,
        status: "completed",
        split: experiment.evalSuite.split,
        sampleCount: samples.length,
        scores: corpus,
        likelihood: Object.keys(likelihood).length ? likelihood : null,
        finishedAt: new Date(),
      })
      .returning({ id: evaluations.id });
    const rows = samples.map((sample) => ({ evaluationId: evaluation!.id, ...sample }));
    for (let i = 0; i < rows.length; i += BATCH)
      await tx.insert(evaluationSamples).values(rows.slice(i, i + BATCH));
    await tx
      .update(checkpointEvaluations)
      .set({ status: "completed", evaluationId: evaluation!.id, finishedAt: new Date() })
      .where(eq(checkpointEvaluations.id, ce.id));
    return "evaluated" as const;
  });
}

export async function failCheckpointEvaluation(db: Db, runId: string, step: number, error: string) {
  await db
    .update(checkpointEvaluations)
    .set({ status: "failed", error })
    .where(and(eq(checkpointEvaluations.runId, runId), eq(checkpointEvaluations.step, step)));
}
