import { eq, sql } from "drizzle-orm";
import { reviewCampaigns } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { LeaderboardHuman, LeaderboardReviewColumns } from "@/server/schemas/leaderboard";
import { campaignStampSql } from "./campaign-stamp";
import { loadResults } from "./load-results";
import type { Campaign } from "./scope";

/** The stamp of "no campaign has votes": no review columns. */
export const NO_REVIEW_STAMP = "none";

/**
 * The campaign whose results the experiment's leaderboard shows, and its stamp: the most recent
 * campaign with votes, pairwise preferred (it yields Bradley–Terry ratings), else rubric. One
 * campaign, so every number on the page comes from one set of reviewers, items and guidelines.
 * Null when no campaign has votes.
 */
export async function leaderboardCampaign(
  db: Db,
  projectId: string,
  experimentId: string,
): Promise<{ campaignId: string; stamp: string } | null> {
  const { rows } = await db.execute<{ id: string; mode: string; stamp: string }>(sql`
    SELECT c.id, c.mode, ${campaignStampSql(sql`c.id`)} AS stamp FROM review_campaigns c
    WHERE c.project_id = ${projectId} AND c.experiment_id = ${experimentId}
      AND EXISTS (SELECT 1 FROM review_votes v WHERE v.campaign_id = c.id)
    ORDER BY c.created_at DESC, c.id`);
  const chosen = rows.find((c) => c.mode === "pairwise") ?? rows[0];
  return chosen ? { campaignId: chosen.id, stamp: `${chosen.id}:${chosen.stamp}` } : null;
}

/** The human-review columns from a campaign's results (computed by its refresh, then stored). */
export async function reviewColumns(db: Db, campaignId: string): Promise<LeaderboardReviewColumns> {
  const [campaign] = await db
    .select()
    .from(reviewCampaigns)
    .where(eq(reviewCampaigns.id, campaignId));
  if (!campaign) return { review: null, byRun: {} };
  const results = await loadResults(db, campaign as Campaign);
  const byRun: Record<string, LeaderboardHuman> = {};
  for (const r of results.perRun) {
    const bt = results.bradleyTerry.find((b) => b.runId === r.runId);
    byRun[r.runId] = {
      score: r.score,
      ci: r.ci,
      n: r.n,
      btRating: bt?.rating ?? null,
      btCi: bt?.ci ?? null,
      btRank: bt?.rank ?? null,
    };
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
