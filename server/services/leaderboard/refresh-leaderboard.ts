import { eq, sql } from "drizzle-orm";
import {
  experiments,
  leaderboardRetention,
  leaderboardReviews,
  leaderboardRows,
} from "@/drizzle/schema";
import { boardStanding, rowInputs } from "@/evals";
import { type Db, withTransaction } from "@/server/db";
import type { LeaderboardReviewColumns } from "@/server/schemas/leaderboard";
import { evaluateGates } from "@/server/services/gates/evaluate-gates";
import { staleJudgeColumns, storeJudgeColumns } from "@/server/services/judges/leaderboard-judges";
import {
  leaderboardCampaign,
  NO_REVIEW_STAMP,
  reviewColumns,
} from "@/server/services/reviews/leaderboard-columns";
import { finishRound, readVersion } from "./board-state";
import { boardEntry, loadBoard } from "./load-board";
import { type DueRow, runDueTests } from "./paired-tests";
import { dueRetentionChanges } from "./retention-changes";
import { storedPValues } from "./stored-p-values";

export type RefreshSummary = { tests: number; rows: number; gates: number; review: boolean };
const NOTHING: RefreshSummary = { tests: 0, rows: 0, gates: 0, review: false };
const WRITE_BATCH = 500;

/**
 * Brings what the experiment's leaderboard shows up to date with its inputs, computing only what
 * is stale (the job "leaderboard.refresh"):
 *  - paired p-values of rows whose evaluation, or the best run's or baseline's, changed: a new
 *    evaluation costs its two tests, a new best run one test per ranked run;
 *  - gate verdicts decided for an evaluation the run no longer points at (a promotion);
 *  - the human-review columns, when their campaign's stamp changed;
 *  - each run's retention perplexity against the baseline's, when either evaluation changed.
 *  - the pairwise-judge columns, when the verdicts or that campaign changed.
 * Idempotent: each stored value names its inputs, so a repeat finds nothing to do. Values computed
 * from inputs that changed meanwhile are stored as what they are (the reader shows them as
 * updating) and the round finishRound queues computes them again.
 */
export async function refreshLeaderboard(
  db: Db,
  experimentId: string,
  opts: { signal?: AbortSignal } = {},
): Promise<RefreshSummary> {
  const version = await readVersion(db, experimentId);
  const [experiment] = await db
    .select({ projectId: experiments.projectId, evalSuite: experiments.evalSuite })
    .from(experiments)
    .where(eq(experiments.id, experimentId));
  if (!experiment) return NOTHING;
  const metric = experiment.evalSuite.primaryMetric;
  const board = await loadBoard(db, experimentId);
  const standing = boardStanding(board.map((r) => boardEntry(r, metric)));
  const due: DueRow[] = [];
  for (const entry of standing.ordered) {
    const inputs = rowInputs(entry, standing);
    const fresh = storedPValues(entry.loaded.stored, inputs, metric);
    if (!fresh.vsBest || !fresh.vsBaseline) due.push({ runId: entry.runId, inputs, ...fresh });
  }
  const { rows, tests } = await runDueTests(db, metric, due, opts.signal);
  const retention = await dueRetentionChanges(db, experimentId, board);

  let gates = 0;
  for (const r of board) {
    if (!r.gate || r.gate.evaluationId === r.evaluation.id) continue;
    opts.signal?.throwIfAborted();
    await evaluateGates(db, r.run.id);
    gates++;
  }

  const campaign = await leaderboardCampaign(db, experiment.projectId, experimentId);
  const stamp = campaign?.stamp ?? NO_REVIEW_STAMP;
  const [stored] = await db
    .select({ stamp: leaderboardReviews.stamp })
    .from(leaderboardReviews)
    .where(eq(leaderboardReviews.experimentId, experimentId));
  let columns: LeaderboardReviewColumns | null = null;
  if (stamp !== (stored?.stamp ?? NO_REVIEW_STAMP))
    columns = campaign ? await reviewColumns(db, campaign.campaignId) : { review: null, byRun: {} };
  const judges = await staleJudgeColumns(db, experimentId, experiment.evalSuite, campaign);

  await withTransaction(db, async (tx) => {
    for (let i = 0; i < rows.length; i += WRITE_BATCH)
      await tx
        .insert(leaderboardRows)
        .values(
          rows.slice(i, i + WRITE_BATCH).map((r) => ({
            runId: r.runId,
            experimentId,
            metric,
            ...r.inputs,
            pValueVsBest: r.pValueVsBest,
            pValueVsBaseline: r.pValueVsBaseline,
          })),
        )
        .onConflictDoUpdate({
          target: leaderboardRows.runId,
          set: {
            metric: sql`excluded.metric`,
            evaluationId: sql`excluded.evaluation_id`,
            bestEvaluationId: sql`excluded.best_evaluation_id`,
            baselineEvaluationId: sql`excluded.baseline_evaluation_id`,
            pValueVsBest: sql`excluded.p_value_vs_best`,
            pValueVsBaseline: sql`excluded.p_value_vs_baseline`,
            computedAt: sql`now()`,
          },
        });
    for (const r of retention)
      await tx
        .insert(leaderboardRetention)
        .values({ ...r, experimentId })
        .onConflictDoUpdate({
          target: leaderboardRetention.runId,
          set: {
            evaluationId: r.evaluationId,
            baselineEvaluationId: r.baselineEvaluationId,
            change: r.change,
            computedAt: sql`now()`,
          },
        });
    if (columns)
      await tx
        .insert(leaderboardReviews)
        .values({ experimentId, stamp, columns })
        .onConflictDoUpdate({
          target: leaderboardReviews.experimentId,
          set: { stamp, columns, computedAt: sql`now()` },
        });
    if (judges) await storeJudgeColumns(tx, experimentId, judges);
    await finishRound(tx, experimentId, version);
  });
  return { tests, rows: rows.length, gates, review: columns !== null };
}
