import { and, eq } from "drizzle-orm";
import { evaluationSamples, evaluations, experiments, runArtifacts, runs } from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import { EVALUATION_FAILED } from "@/server/schemas/runs";
import { recordEvaluationUsage } from "@/server/services/cost";
import { evaluationTarget } from "@/server/services/experiments/evaluation-target";
import { evaluateGates } from "@/server/services/gates/evaluate-gates";
import { enqueuePairwiseJudging } from "@/server/services/judges/enqueue-pairwise";
import { leaderboardChanged } from "@/server/services/leaderboard/board-state";
import { generationTarget } from "@/server/services/runs/generation-target";
import { transitionRun } from "@/server/services/runs/transition-run";
import { runWorkDir } from "@/server/services/runs/work-dir";
import { afterEvaluationStored } from "@/server/services/runs-table/after-evaluation";
import { emitEvalCompleted } from "@/server/services/webhooks/run-events";
import type { GenerationUsage } from "@/trainers/types";
import { generateAndScore } from "./generate-and-score";

const BATCH = 500;

/**
 * Generates predictions for the eval split through the run's backend (the baseline without an
 * adapter), scores every sample and stores the evaluation in one transaction. Exactly once per
 * run: the evaluation row is unique per run, and a retried job finds it and stops.
 */
export async function evaluateRun(db: Db, runId: string): Promise<"evaluated" | "skipped"> {
  const [row] = await db
    .select({ run: runs, experiment: experiments })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(eq(runs.id, runId));
  if (!row) return "skipped";
  const { run, experiment } = row;
  const [done] = await db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(eq(evaluations.runId, runId));
  // A retried job whose evaluation committed still decides the gates (a crash may have come between).
  if (done) {
    await evaluateGates(db, runId);
    return "skipped";
  }
  if (run.status !== "succeeded" && run.status !== "evaluating") return "skipped";
  const target = evaluationTarget(experiment);
  if (run.status === "succeeded") await transitionRun(db, runId, "evaluating");

  const suite = experiment.evalSuite;
  const [adapter] = run.isBaseline
    ? []
    : await db
        .select()
        .from(runArtifacts)
        .where(and(eq(runArtifacts.runId, runId), eq(runArtifacts.kind, "adapter")));
  if (!run.isBaseline && !adapter)
    throw new Error(`run ${runId} succeeded but has no adapter artifact`);

  const spent: GenerationUsage[] = [];
  const backend = run.externalRef?.backend ?? experiment.backend;
  const { corpus, samples, likelihood } = await generateAndScore(db, {
    projectId: run.projectId,
    backend,
    datasetVersionId: target.datasetVersionId,
    ...generationTarget(run.spec, backend, target.baseModel, adapter?.path ?? null),
    suite,
    ref: run.externalRef,
    workDir: `${runWorkDir(runId)}/eval`,
    onUsage: (u) => spent.push(u),
    judging: { experimentId: experiment.id, runId, budgetKey: `run:${runId}`, link: true },
  });
  // Spent whether or not the evaluation is stored below, so it is recorded first.
  for (const u of spent)
    await recordEvaluationUsage(db, {
      runId,
      kind: "generation",
      inputTokens: u.promptTokens,
      outputTokens: u.completionTokens,
      usd: u.costUsd,
    });

  const result = await withTransaction(db, async (tx) => {
    const [evaluation] = await tx
      .insert(evaluations)
      .values({
        projectId: run.projectId,
        experimentId: experiment.id,
        runId,
        status: "completed",
        split: suite.split,
        sampleCount: samples.length,
        scores: corpus,
        likelihood: Object.keys(likelihood).length ? likelihood : null,
        finishedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning();
    if (!evaluation) return "skipped" as const; // another worker finished it first
    const rows = samples.map((sample) => ({ evaluationId: evaluation.id, ...sample }));
    for (let i = 0; i < rows.length; i += BATCH)
      await tx.insert(evaluationSamples).values(rows.slice(i, i + BATCH));
    await transitionRun(tx, runId, "evaluated");
    await emitEvalCompleted(tx, {
      projectId: run.projectId,
      runId,
      runName: run.name,
      experimentId: experiment.id,
      evaluationId: evaluation.id,
      scores: corpus,
      sampleCount: samples.length,
    });
    await afterEvaluationStored(tx, runId); // runs-table scores and the run's cost
    await leaderboardChanged(tx, experiment.id);
    await enqueuePairwiseJudging(tx, runId);
    return "evaluated" as const;
  });
  // Gates after the commit: their paired tests take seconds on large eval sets, held in no transaction.
  if (result === "evaluated") await evaluateGates(db, runId);
  return result;
}

/** Marks a run whose evaluation cannot succeed (its job ran out of attempts) as failed. */
export async function failEvaluation(db: Db, runId: string, error: string) {
  const [run] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
  if (run?.status === "evaluating" || run?.status === "succeeded") {
    if (run.status === "succeeded") await transitionRun(db, runId, "evaluating");
    await transitionRun(db, runId, "failed", { error: `${EVALUATION_FAILED}${error}` });
  }
}
