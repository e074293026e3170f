import { and, asc, eq, inArray } from "drizzle-orm";
import { evaluationSamples, evaluations, experiments, runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import type { CorpusScore } from "@/server/schemas/evaluations";
import type { EvalMetric, ExperimentIdInput, RunHyperparams } from "@/server/schemas/experiments";
import type { LeaderboardHuman } from "@/server/schemas/leaderboard";
import type { RunCost } from "@/server/schemas/runs-table";
import { humanReviewForLeaderboard } from "@/server/services/reviews/leaderboard-columns";
import { ALPHA, type Evaluated, pValueComparer } from "./compare-runs";
import { type LeaderboardPareto, withPareto } from "./cost-pareto";

/**
 * The experiment's evaluated runs ranked by the primary metric (corpus score, 95% bootstrap CI).
 * `tiedWithBest` marks runs whose paired difference from the best run is not significant at 5%;
 * the baseline (base model, no adapter) is listed but never ranked.
 */
export async function getLeaderboard({ ctx, input }: { ctx: DomainCtx; input: ExperimentIdInput }) {
  const projectId = projectOf(ctx);
  const [experiment] = await ctx.db
    .select()
    .from(experiments)
    .where(and(eq(experiments.id, input.experimentId), eq(experiments.projectId, projectId)));
  if (!experiment) throw notFound("Experiment");
  const suite = experiment.evalSuite;
  const primary = suite.primaryMetric;
  const rows = await ctx.db
    .select({ run: runs, evaluation: evaluations })
    .from(runs)
    .innerJoin(evaluations, eq(evaluations.runId, runs.id))
    .where(and(eq(runs.experimentId, experiment.id), eq(evaluations.status, "completed")));
  const human = await humanReviewForLeaderboard(ctx.db, projectId, experiment.id);
  const empty = {
    experimentId: experiment.id,
    primaryMetric: primary,
    metrics: suite.metrics,
    sampleCount: null as number | null,
    rows: [] as LeaderboardRow[],
    review: human.review,
  };
  if (rows.length === 0) return empty;

  const samples = await ctx.db
    .select({
      evaluationId: evaluationSamples.evaluationId,
      output: evaluationSamples.output,
      reference: evaluationSamples.reference,
      primaryScore: evaluationSamples.primaryScore,
    })
    .from(evaluationSamples)
    .where(
      inArray(
        evaluationSamples.evaluationId,
        rows.map((r) => r.evaluation.id),
      ),
    )
    .orderBy(asc(evaluationSamples.evaluationId), asc(evaluationSamples.idx));
  // Samples arrive ordered by (evaluation, idx): one pass groups them, in item order.
  const byEvaluation = new Map<string, Evaluated>();
  const runOf = new Map(rows.map(({ run, evaluation }) => [evaluation.id, run.id]));
  for (const s of samples) {
    let e = byEvaluation.get(s.evaluationId);
    if (!e) {
      e = { runId: runOf.get(s.evaluationId)!, outputs: [], sampleScores: [] };
      byEvaluation.set(s.evaluationId, e);
    }
    e.outputs.push(s.output);
    e.sampleScores.push(s.primaryScore ?? 0);
  }
  for (const { evaluation } of rows)
    if (!byEvaluation.has(evaluation.id))
      byEvaluation.set(evaluation.id, {
        runId: runOf.get(evaluation.id)!,
        outputs: [],
        sampleScores: [],
      });
  // The references of the first evaluation (in row order) that has samples; all share the dataset.
  const firstEvaluation = rows.find(
    ({ evaluation }) => byEvaluation.get(evaluation.id)!.outputs.length > 0,
  )?.evaluation.id;
  const references = samples
    .filter((s) => s.evaluationId === firstEvaluation)
    .map((s) => s.reference);

  const scored = rows
    .map(({ run, evaluation }) => ({
      run,
      evaluationId: evaluation.id,
      scores: evaluation.scores,
    }))
    .sort(
      (a, b) => (b.scores[primary]?.score ?? -Infinity) - (a.scores[primary]?.score ?? -Infinity),
    );
  const best = scored.find((r) => !r.run.isBaseline);
  const baseline = scored.find((r) => r.run.isBaseline);
  const p = pValueComparer(primary, byEvaluation, references);
  let rank = 0;
  const out: LeaderboardRow[] = scored.map(({ run, evaluationId, scores }) => {
    const pValueVsBest =
      best && !run.isBaseline && run.id !== best.run.id ? p(best.evaluationId, evaluationId) : null;
    const pValueVsBaseline =
      baseline && run.id !== baseline.run.id ? p(baseline.evaluationId, evaluationId) : null;
    return {
      runId: run.id,
      name: run.name,
      isBaseline: run.isBaseline,
      status: run.status,
      hyperparams: run.hyperparams,
      rank: run.isBaseline ? null : ++rank,
      primary: scores[primary] ?? null,
      scores,
      tiedWithBest:
        !run.isBaseline &&
        (run.id === best?.run.id || (pValueVsBest !== null && pValueVsBest >= ALPHA)),
      pValueVsBest,
      pValueVsBaseline,
      betterThanBaseline:
        pValueVsBaseline !== null &&
        pValueVsBaseline < ALPHA &&
        (scores[primary]?.score ?? 0) > (baseline?.scores[primary]?.score ?? 0),
      human: human.byRun.get(run.id) ?? null,
      cost: run.cost,
      pareto: null,
    };
  });
  return { ...empty, sampleCount: references.length, rows: withPareto(out) };
}

export type LeaderboardRow = {
  runId: string;
  name: string;
  isBaseline: boolean;
  status: string;
  hyperparams: RunHyperparams;
  rank: number | null;
  primary: CorpusScore | null;
  scores: Partial<Record<EvalMetric, CorpusScore>>;
  tiedWithBest: boolean;
  pValueVsBest: number | null;
  pValueVsBaseline: number | null;
  betterThanBaseline: boolean;
  /** Human review (server/services/reviews/leaderboard-columns.ts); null when not reviewed. */
  human: LeaderboardHuman | null;
  /** One cost figure (server/services/cost); null until known. */
  cost: RunCost | null;
  /** Quality (primary score) vs cost; null without both. */
  pareto: LeaderboardPareto | null;
};
