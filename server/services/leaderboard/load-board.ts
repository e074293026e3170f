import { and, eq } from "drizzle-orm";
import { evaluations, gateVerdicts, leaderboardRows, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { SuiteMetric } from "@/server/schemas/experiments";

/** An evaluated run of the experiment with what is stored about it: its leaderboard row (p-values
 *  and the evaluations they compared) and its gate verdict, each null until computed. */
export type BoardRun = Awaited<ReturnType<typeof loadBoard>>[number];

/** Every run of the experiment that points at a completed evaluation, in one query. */
export async function loadBoard(db: Db, experimentId: string) {
  // Runs and evaluations both filtered by experiment, so the planner may start from its few
  // evaluations.
  return db
    .select({
      run: {
        id: runs.id,
        name: runs.name,
        index: runs.index,
        isBaseline: runs.isBaseline,
        status: runs.status,
        hyperparams: runs.hyperparams,
        cost: runs.cost,
        peakMemBytes: runs.peakMemBytes,
      },
      evaluation: {
        id: evaluations.id,
        scores: evaluations.scores,
        sampleCount: evaluations.sampleCount,
      },
      stored: {
        metric: leaderboardRows.metric,
        evaluationId: leaderboardRows.evaluationId,
        bestEvaluationId: leaderboardRows.bestEvaluationId,
        baselineEvaluationId: leaderboardRows.baselineEvaluationId,
        pValueVsBest: leaderboardRows.pValueVsBest,
        pValueVsBaseline: leaderboardRows.pValueVsBaseline,
      },
      gate: {
        evaluationId: gateVerdicts.evaluationId,
        verdict: gateVerdicts.verdict,
        checks: gateVerdicts.checks,
      },
    })
    .from(runs)
    .innerJoin(
      evaluations,
      and(eq(evaluations.runId, runs.id), eq(evaluations.status, "completed")),
    )
    .leftJoin(leaderboardRows, eq(leaderboardRows.runId, runs.id))
    .leftJoin(gateVerdicts, eq(gateVerdicts.runId, runs.id))
    .where(and(eq(runs.experimentId, experimentId), eq(evaluations.experimentId, experimentId)));
}

/** evals' BoardEntry of a loaded run, ranked by `metric`. */
export function boardEntry(r: BoardRun, metric: SuiteMetric) {
  return {
    runId: r.run.id,
    evaluationId: r.evaluation.id,
    isBaseline: r.run.isBaseline,
    score: r.evaluation.scores[metric]?.score ?? null,
    order: r.run.index,
    loaded: r,
  };
}
