import { and, eq, isNotNull } from "drizzle-orm";
import { reviewCampaigns, reviewItems, reviewVotes } from "@/drizzle/schema";
import type { PairWinner } from "@/evals";
import type { DomainCtx } from "@/server/ctx";

type Votes = { runA: string; runB: string; outcomes: string[] };

/** People's current pairwise votes on an experiment's samples, by (sample, unordered pair of runs). */
export async function humanVotes(ctx: DomainCtx, experimentId: string) {
  const rows = await ctx.db
    .select({
      itemId: reviewItems.id,
      sampleIdx: reviewItems.sampleIdx,
      runA: reviewItems.runA,
      runB: reviewItems.runB,
      outcome: reviewVotes.outcome,
    })
    .from(reviewVotes)
    .innerJoin(reviewItems, eq(reviewItems.id, reviewVotes.itemId))
    .innerJoin(reviewCampaigns, eq(reviewCampaigns.id, reviewItems.campaignId))
    .where(
      and(
        eq(reviewCampaigns.experimentId, experimentId),
        eq(reviewCampaigns.mode, "pairwise"),
        eq(reviewVotes.isCurrent, true),
        isNotNull(reviewVotes.outcome),
        isNotNull(reviewItems.runB),
      ),
    );
  const byKey = new Map<string, Votes>();
  for (const r of rows) {
    const key = pairKey(r.sampleIdx, r.runA, r.runB!);
    const v =
      byKey.get(key) ?? byKey.set(key, { runA: r.runA, runB: r.runB!, outcomes: [] }).get(key)!;
    // An item of another campaign may show the pair the other way round.
    const flip = v.runA !== r.runA;
    v.outcomes.push(
      flip && (r.outcome === "a" || r.outcome === "b") ? other(r.outcome) : r.outcome!,
    );
  }
  /** The votes on (sample, x vs y) from x's side; both answers bad counts as a tie. */
  return (sampleIdx: number, x: string, y: string): PairWinner[] => {
    const v = byKey.get(pairKey(sampleIdx, x, y));
    if (!v) return [];
    return v.outcomes.map((o) =>
      o === "a" ? (v.runA === x ? "x" : "y") : o === "b" ? (v.runB === x ? "x" : "y") : "tie",
    );
  };
}

const other = (o: "a" | "b") => (o === "a" ? "b" : "a");
const pairKey = (idx: number, r1: string, r2: string) => `${idx}:${[r1, r2].sort().join(":")}`;
