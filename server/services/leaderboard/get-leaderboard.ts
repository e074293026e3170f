import { and, eq } from "drizzle-orm";
import { experiments, leaderboardReviews } from "@/drizzle/schema";
import { boardStanding, rankRow, rowInputs } from "@/evals";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import { type ExperimentIdInput, suiteMetrics } from "@/server/schemas/experiments";
import type { GateSpec } from "@/server/schemas/gates";
import type { LeaderboardGate, LeaderboardReviewColumns } from "@/server/schemas/leaderboard";
import { readJudgeColumns } from "@/server/services/judges/leaderboard-judges";
import {
  leaderboardCampaign,
  NO_REVIEW_STAMP,
} from "@/server/services/reviews/leaderboard-columns";
import { ensureLeaderboardRefresh } from "./board-state";
import { ALPHA } from "./compare-runs";
import { withPareto } from "./cost-pareto";
import type { LeaderboardRow } from "./leaderboard-row";
import { type BoardRun, boardEntry, loadBoard } from "./load-board";
import { freshRetention, loadRetention, retentionInputs } from "./retention-changes";
import { storedPValues } from "./stored-p-values";

const NO_REVIEW: LeaderboardReviewColumns = { review: null, byRun: {} };

/**
 * The experiment's evaluated runs ranked by the primary metric (corpus score, 95% bootstrap CI,
 * both stored with the evaluation). Reads only: paired p-values, gate verdicts and review columns
 * are computed by the refresh job when their inputs change (refresh-leaderboard.ts). A value whose
 * inputs changed since is left out and its row marked `updating` (review columns keep their last
 * values, marked by `reviewUpdating`); finding one makes sure a refresh is queued.
 */
export async function getLeaderboard({ ctx, input }: { ctx: DomainCtx; input: ExperimentIdInput }) {
  const projectId = projectOf(ctx);
  const [experiment] = await ctx.db
    .select({ id: experiments.id, evalSuite: experiments.evalSuite })
    .from(experiments)
    .where(and(eq(experiments.id, input.experimentId), eq(experiments.projectId, projectId)));
  if (!experiment) throw notFound("Experiment");
  const suite = experiment.evalSuite;
  const primary = suite.primaryMetric;
  const [board, campaign, [stored], retention] = await Promise.all([
    loadBoard(ctx.db, experiment.id),
    leaderboardCampaign(ctx.db, projectId, experiment.id),
    ctx.db
      .select()
      .from(leaderboardReviews)
      .where(eq(leaderboardReviews.experimentId, experiment.id)),
    loadRetention(ctx.db, experiment.id),
  ]);
  const retentionDue = new Map(retentionInputs(board).map((i) => [i.runId, i]));
  const reviewUpdating =
    (campaign?.stamp ?? NO_REVIEW_STAMP) !== (stored?.stamp ?? NO_REVIEW_STAMP);
  const columns = stored?.columns ?? NO_REVIEW;
  const judged = await readJudgeColumns(ctx.db, experiment.id, suite, campaign?.stamp ?? null);
  const standing = boardStanding(board.map((r) => boardEntry(r, primary)));
  const rows: LeaderboardRow[] = standing.ordered.map((entry) => {
    const { run, evaluation } = entry.loaded;
    const fresh = storedPValues(entry.loaded.stored, rowInputs(entry, standing), primary);
    const gate = gateOf(entry.loaded, suite.gates ?? []);
    const p = { vsBest: fresh.vsBest?.value ?? null, vsBaseline: fresh.vsBaseline?.value ?? null };
    const scores = evaluation.scores;
    const due = retentionDue.get(run.id);
    const kept = due && freshRetention(retention, due);
    return {
      ...rankRow(entry, standing, p, ALPHA),
      name: run.name,
      isBaseline: run.isBaseline,
      status: run.status,
      hyperparams: run.hyperparams,
      primary: scores[primary] ?? null,
      scores,
      gate: gate.value,
      retention: kept?.change ?? null,
      updating: !fresh.vsBest || !fresh.vsBaseline || gate.updating || (!!due && !kept),
      human: columns.byRun[run.id] ?? null,
      judges: judged.columns.byRun[run.id] ?? [],
      cost: run.cost,
      peakMemBytes: run.peakMemBytes,
      pareto: null,
    };
  });
  const updating = reviewUpdating || judged.updating || rows.some((r) => r.updating);
  if (updating) await ensureLeaderboardRefresh(ctx.db, experiment.id);
  return {
    experimentId: experiment.id,
    primaryMetric: primary,
    metrics: suiteMetrics(suite),
    sampleCount:
      standing.ordered.find((e) => e.loaded.evaluation.sampleCount > 0)?.loaded.evaluation
        .sampleCount ?? null,
    rows: withPareto(rows),
    review: columns.review,
    reviewUpdating,
    judges: judged.columns.judges,
    judgesUpdating: judged.updating,
    updating,
  };
}

/** The run's verdict when it was decided for the evaluation it points at; before any verdict, what
 *  gates.list says of an undecided run. */
function gateOf(
  r: BoardRun,
  gates: GateSpec[],
): { value: LeaderboardGate | null; updating: boolean } {
  if (r.gate) {
    if (r.gate.evaluationId !== r.evaluation.id) return { value: null, updating: true };
    const { verdict, checks } = r.gate;
    const baselineFailed = verdict === "none" && checks.some((c) => c.skipped);
    return { value: { verdict, checks, baselineFailed }, updating: false };
  }
  const undecided = gates.length === 0 || r.run.isBaseline ? "none" : "pending";
  return { value: { verdict: undecided, checks: [], baselineFailed: false }, updating: false };
}
