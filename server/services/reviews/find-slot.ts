import { and, eq, sql } from "drizzle-orm";
import { reviewCampaigns, reviewSlots } from "@/drizzle/schema";
import { projectOf } from "@/server/ctx";
import { forbidden, notFound } from "@/server/errors";
import { type Campaign, type ReviewCtx, userOf } from "./scope";

export type Slot = typeof reviewSlots.$inferSelect;

/**
 * The caller's slot behind a token, with its campaign, in one query (this is on every vote).
 * A token that is unknown, rotated (the reservation expired and went to someone else) or held
 * by another reviewer reads the same: NOT_FOUND, so tokens cannot be probed.
 */
export async function findOwnSlot(
  ctx: ReviewCtx,
  token: string,
): Promise<{ slot: Slot; campaign: Campaign }> {
  const reviewerId = userOf(ctx);
  const [row] = await ctx.db
    .select({
      slot: reviewSlots,
      campaign: reviewCampaigns,
      assigned: sql<boolean>`EXISTS (SELECT 1 FROM review_campaign_reviewers r WHERE r.campaign_id = ${reviewSlots.campaignId} AND r.user_id = ${reviewerId})`,
    })
    .from(reviewSlots)
    .innerJoin(reviewCampaigns, eq(reviewCampaigns.id, reviewSlots.campaignId))
    .where(
      and(
        eq(reviewSlots.token, token),
        eq(reviewSlots.reviewerId, reviewerId),
        eq(reviewCampaigns.projectId, projectOf(ctx)),
      ),
    );
  if (!row)
    throw notFound(
      "Review slot (the reservation may have expired and been given to someone else; take the next item)",
    );
  if (!row.assigned) throw forbidden("You are not assigned to this review campaign.");
  return { slot: row.slot, campaign: row.campaign as Campaign };
}
