import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  evaluationSamples,
  evaluations,
  reviewCampaignRuns,
  reviewItems,
  reviewVotes,
  runs,
} from "@/drizzle/schema";
import { type ResultVote, reviewResults } from "@/evals";
import type { Db } from "@/server/db";
import type { ReviewResults } from "@/server/schemas/reviews";
import { Lru } from "@/server/services/leaderboard/lru";
import { campaignStamp } from "./campaign-stamp";
import type { Campaign } from "./scope";

// Results are a pure function of the campaign's votes and its runs' evaluations (campaignStamp).
const memo = new Lru<string, ReviewResults>(64);

/** Loads a campaign's runs, items, current votes and judge scores, and computes its results. */
export async function loadResults(db: Db, campaign: Campaign): Promise<ReviewResults> {
  const key = `${campaign.id}:${await campaignStamp(db, campaign.id)}`;
  const hit = memo.get(key);
  if (hit) return hit;

  const [campaignRuns, items, votes] = await Promise.all([
    db
      .select({ id: runs.id, name: runs.name })
      .from(reviewCampaignRuns)
      .innerJoin(runs, eq(runs.id, reviewCampaignRuns.runId))
      .where(eq(reviewCampaignRuns.campaignId, campaign.id))
      .orderBy(asc(reviewCampaignRuns.position)),
    db
      .select({
        id: reviewItems.id,
        sampleIdx: reviewItems.sampleIdx,
        runA: reviewItems.runA,
        runB: reviewItems.runB,
      })
      .from(reviewItems)
      .where(eq(reviewItems.campaignId, campaign.id)),
    db
      .select({
        itemId: reviewVotes.itemId,
        reviewerId: reviewVotes.reviewerId,
        choice: reviewVotes.choice,
        outcome: reviewVotes.outcome,
        scores: reviewVotes.scores,
        pass: reviewVotes.pass,
        slotId: reviewVotes.slotId,
      })
      .from(reviewVotes)
      .where(and(eq(reviewVotes.campaignId, campaign.id), eq(reviewVotes.isCurrent, true))),
  ]);
  // First-cast order (by slot fill time) makes "first vote vs second vote" for Cohen's κ stable across re-votes.
  const filled = await db.execute<{ id: string; filled_at: number }>(
    sql`SELECT id, extract(epoch from filled_at)::float8 AS filled_at FROM review_slots WHERE campaign_id = ${campaign.id} AND filled_at IS NOT NULL`,
  );
  const order = new Map(filled.rows.map((r) => [r.id, Number(r.filled_at)]));
  votes.sort((a, b) =>
    order.get(a.slotId)! < order.get(b.slotId)!
      ? -1
      : order.get(a.slotId)! > order.get(b.slotId)!
        ? 1
        : a.slotId < b.slotId
          ? -1
          : 1,
  );

  const judge = new Map<string, Map<number, number | null>>();
  const runIds = campaignRuns.map((r) => r.id);
  const idxs = [...new Set(items.map((i) => i.sampleIdx))];
  if (runIds.length && idxs.length) {
    const scores = await db
      .select({
        runId: evaluations.runId,
        idx: evaluationSamples.idx,
        score: evaluationSamples.primaryScore,
      })
      .from(evaluations)
      .innerJoin(evaluationSamples, eq(evaluationSamples.evaluationId, evaluations.id))
      .where(and(inArray(evaluations.runId, runIds), inArray(evaluationSamples.idx, idxs)));
    for (const s of scores) {
      const runId = s.runId!; // one of runIds, by the filter
      let m = judge.get(runId);
      if (!m) {
        m = new Map();
        judge.set(runId, m);
      }
      m.set(s.idx, s.score);
    }
  }
  const result: ReviewResults = {
    campaignId: campaign.id,
    ...reviewResults({
      mode: campaign.mode,
      runs: campaignRuns,
      items,
      votes: votes as ResultVote[],
      rubric: campaign.settings.rubric,
      reviewersPerItem: campaign.reviewersPerItem,
      judge,
      seed: campaign.seed,
    }),
  };
  memo.set(key, result);
  return result;
}
