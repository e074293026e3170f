import { and, desc, eq, exists } from "drizzle-orm";
import { reviewCampaigns, reviewVotes } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { HumanReviewColumns, LeaderboardHuman } from "@/server/schemas/leaderboard";
import { loadResults } from "./load-results";
import type { Campaign } from "./scope";

/** A running campaign's numbers on the leaderboard may lag its votes by this much. */
const LEADERBOARD_STALE_MS = 30_000;

/**
 * Human-review columns for an experiment's leaderboard: from its most recent campaign that has
 * votes (pairwise preferred, as it yields Bradley–Terry ratings; else rubric). One campaign, so
 * every number on the page comes from one set of reviewers, items and guidelines.
 */
export async function humanReviewForLeaderboard(
  db: Db,
  projectId: string,
  experimentId: string,
): Promise<HumanReviewColumns> {
  const campaigns = await db
    .select()
    .from(reviewCampaigns)
    .where(
      and(
        eq(reviewCampaigns.projectId, projectId),
        eq(reviewCampaigns.experimentId, experimentId),
        exists(
          db
            .select({ one: reviewVotes.id })
            .from(reviewVotes)
            .where(eq(reviewVotes.campaignId, reviewCampaigns.id)),
        ),
      ),
    )
    .orderBy(desc(reviewCampaigns.createdAt));
  const campaign = (campaigns.find((c) => c.mode === "pairwise") ?? campaigns[0]) as
    | Campaign
    | undefined;
  if (!campaign) return { byRun: new Map(), review: null };
  const results = await loadResults(db, campaign, { maxStaleMs: LEADERBOARD_STALE_MS });
  const byRun = new Map<string, LeaderboardHuman>();
  for (const r of results.perRun) {
    const bt = results.bradleyTerry.find((b) => b.runId === r.runId);
    byRun.set(r.runId, {
      score: r.score,
      ci: r.ci,
      n: r.n,
      btRating: bt?.rating ?? null,
      btCi: bt?.ci ?? null,
      btRank: bt?.rank ?? null,
    });
  }
  return {
    byRun,
    review: {
      campaignId: campaign.id,
      name: campaign.name,
      mode: campaign.mode,
      votes: results.votes,
      agreement: results.agreement,
      judgeAgreement: results.judgeAgreement,
    },
  };
}
