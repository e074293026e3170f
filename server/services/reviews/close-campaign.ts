import { and, eq } from "drizzle-orm";
import { reviewCampaigns } from "@/drizzle/schema";
import { forbidden } from "@/server/errors";
import type { CampaignIdInput } from "@/server/schemas/reviews";
import { findCampaign, type ReviewCtx, userOf } from "./scope";

/**
 * Closes a campaign for good: no votes, claims, skips or reopened items after it (assertOpen), so
 * its results are final. Only the campaign's owner (who created it) or an admin may close it;
 * closing twice is a no-op. A vote locks the campaign row (FOR SHARE) while it checks that the
 * campaign is open, so it either commits before the close or is refused after it.
 */
export async function closeCampaign({ ctx, input }: { ctx: ReviewCtx; input: CampaignIdInput }) {
  const campaign = await findCampaign(ctx, input.campaignId);
  if (ctx.role !== "admin" && campaign.createdBy !== userOf(ctx))
    throw forbidden("Only the campaign's owner or an admin can close it.");
  const [closed] = await ctx.db
    .update(reviewCampaigns)
    .set({ status: "closed", closedAt: new Date() })
    .where(and(eq(reviewCampaigns.id, campaign.id), eq(reviewCampaigns.status, "active")))
    .returning({ status: reviewCampaigns.status, closedAt: reviewCampaigns.closedAt });
  return {
    id: campaign.id,
    ...(closed ?? { status: campaign.status, closedAt: campaign.closedAt }),
  };
}
