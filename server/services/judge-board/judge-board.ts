import { and, eq } from "drizzle-orm";
import { experiments } from "@/drizzle/schema";
import { calibrate, combineOrders, judgeBias, judgeRatings, winRate } from "@/evals";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import type { JudgeBoardEntry, JudgeBoardInput } from "@/server/schemas/judge-board";
import { humanVotes } from "./human-votes";
import { type PairGames, pairwiseGames } from "./pairwise-games";

/**
 * An experiment's pairwise judges for the leaderboard and the review results page: each run's win
 * rate against its reference run, the judge's Bradley–Terry rating across runs, its biases, and its
 * agreement with people on the same (sample, pair of runs). A pair with an unparsed game is left
 * out of every figure and counted per run.
 */
export async function judgeBoard({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: JudgeBoardInput;
}): Promise<JudgeBoardEntry[]> {
  const [experiment] = await ctx.db
    .select({ id: experiments.id })
    .from(experiments)
    .where(and(eq(experiments.id, input.experimentId), eq(experiments.projectId, projectOf(ctx))));
  if (!experiment) throw notFound("Experiment");
  const judged = await pairwiseGames(ctx, experiment.id);
  if (!judged.length) return [];
  const votesOn = await humanVotes(ctx, experiment.id);
  return judged.map((j) => {
    const verdicts = j.pairs.flatMap((p) => {
      const v = combineOrders(p.game1, p.game2);
      return v ? [{ pair: p, winner: v.winner }] : [];
    });
    const humans = verdicts.map(({ pair, winner }) => ({
      runX: pair.runId,
      runY: pair.againstRunId,
      judge: winner,
      humans: votesOn(pair.sampleIdx, pair.runId, pair.againstRunId),
    }));
    const covered = humans.filter((h) => h.humans.length > 0);
    return {
      judgeId: j.judgeId,
      judgeName: j.judgeName,
      version: j.version,
      runs: runWinRates(j.pairs),
      ratings: judgeRatings(
        verdicts.map(({ pair, winner }) => ({ x: pair.runId, y: pair.againstRunId, winner })),
      ).map((r) => ({
        runId: r.model,
        rating: r.rating,
        ci: r.ciLow === undefined || r.ciHigh === undefined ? null : [r.ciLow, r.ciHigh],
        battles: r.battles,
      })),
      bias: judgeBias(j.pairs),
      calibration: covered.length ? calibrate(covered) : null,
    };
  });
}

function runWinRates(pairs: PairGames[]): JudgeBoardEntry["runs"] {
  const groups = new Map<string, PairGames[]>();
  for (const p of pairs) {
    const key = `${p.runId}:${p.againstRunId}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((ps) => {
    const winners = ps.flatMap((p) => combineOrders(p.game1, p.game2)?.winner ?? []);
    return {
      runId: ps[0]!.runId,
      againstRunId: ps[0]!.againstRunId,
      ...winRate(winners),
      unparsed: ps.length - winners.length,
    };
  });
}
