import { and, count, eq } from "drizzle-orm";
import { judgeVerdicts, judgeVersions, runs } from "@/drizzle/schema";
import { combineOrders, judgeBias, judgeRatings, type RunVerdict, winRate } from "@/evals";
import type { Db } from "@/server/db";
import type { EvalSuite } from "@/server/schemas/experiments";
import type {
  LeaderboardJudge,
  LeaderboardJudgeColumns,
  LeaderboardJudgeRun,
} from "@/server/schemas/judges";
import { judgeCalibration } from "./judge-calibration";
import { judgedPairs } from "./judge-pairs";

/** What the pairwise-judge columns are a function of: the experiment's stored verdicts (only ever
 *  inserted) and the review campaign they are calibrated against. Equal stamps, equal columns. */
export async function judgeColumnsStamp(
  db: Db,
  experimentId: string,
  campaignStamp: string,
): Promise<string> {
  const [row] = await db
    .select({ n: count() })
    .from(judgeVerdicts)
    .where(eq(judgeVerdicts.experimentId, experimentId));
  return `${row?.n ?? 0}|${campaignStamp}`;
}

/**
 * The leaderboard's pairwise-judge columns: per judge its flip rate, first-slot preference and
 * length bias (evals judgeBias), unparsed games and agreement with the campaign's people; per run
 * its win rate against the reference (tie = ½, bootstrap CI) and the judge's Bradley–Terry rating.
 */
export async function judgeColumns(
  db: Db,
  experimentId: string,
  suite: EvalSuite,
  campaignId: string | null,
): Promise<LeaderboardJudgeColumns> {
  const columns: LeaderboardJudgeColumns = { judges: [], byRun: {} };
  const [baseline] = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.experimentId, experimentId), eq(runs.isBaseline, true)));
  for (const entry of suite.judges ?? []) {
    if (entry.mode !== "pairwise" || !entry.version) continue;
    const [version] = await db
      .select({ id: judgeVersions.id })
      .from(judgeVersions)
      .where(
        and(eq(judgeVersions.judgeId, entry.judgeId), eq(judgeVersions.version, entry.version)),
      );
    const againstRunId =
      !entry.against || entry.against === "baseline" ? baseline?.id : entry.against;
    if (!version || !againstRunId) continue;
    const pairs = (await judgedPairs(db, experimentId, version.id)).filter(
      (p) => p.againstRunId === againstRunId,
    );
    const bias = judgeBias(pairs);
    const judge: LeaderboardJudge = {
      judgeId: entry.judgeId,
      name: entry.name ?? entry.judgeId,
      version: entry.version,
      againstRunId,
      pairs: bias.pairs,
      unparsed: pairs.reduce((s, p) => s + p.unparsed, 0),
      flipRate: bias.flipRate,
      firstSlot: bias.firstSlot,
      longerWins: bias.longerWins,
      calibration: campaignId ? await judgeCalibration(db, campaignId, pairs) : null,
    };
    columns.judges.push(judge);
    const verdicts: RunVerdict[] = pairs.flatMap((p) => {
      const v = combineOrders(p.game1, p.game2);
      return v ? [{ x: p.runId, y: p.againstRunId, winner: v.winner }] : [];
    });
    const ratings = new Map(judgeRatings(verdicts).map((r) => [r.model, r]));
    const runIds = new Set([...verdicts.map((v) => v.x), againstRunId]);
    for (const runId of runIds) {
      const own = verdicts.filter((v) => v.x === runId).map((v) => v.winner);
      const rate = runId === againstRunId ? null : winRate(own);
      const rating = ratings.get(runId);
      const cell: LeaderboardJudgeRun = {
        judgeId: entry.judgeId,
        winRate: rate?.winRate ?? null,
        ci: rate?.ci ?? null,
        n: rate?.n ?? 0,
        rating: rating?.rating ?? null,
        ratingCi:
          rating?.ciLow !== undefined && rating.ciHigh !== undefined
            ? [rating.ciLow, rating.ciHigh]
            : null,
      };
      columns.byRun[runId] = [...(columns.byRun[runId] ?? []), cell];
    }
  }
  return columns;
}
