import { and, eq } from "drizzle-orm";
import type { Role } from "@/core/enums";
import { reviewCampaignReviewers, reviewCampaigns } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { conflict, forbidden, notFound, ServiceError } from "@/server/errors";

export type ReviewCtx = DomainCtx & { role?: Role | null };
export type Campaign = typeof reviewCampaigns.$inferSelect;

export function userOf(ctx: ReviewCtx): string {
  if (!ctx.user) throw new ServiceError("UNAUTHORIZED", "Sign in first.");
  return ctx.user.id;
}

/** The campaign, if it is in the caller's project (else NOT_FOUND, never a hint that it exists). */
export async function findCampaign(ctx: ReviewCtx, campaignId: string): Promise<Campaign> {
  const [campaign] = await ctx.db
    .select()
    .from(reviewCampaigns)
    .where(and(eq(reviewCampaigns.id, campaignId), eq(reviewCampaigns.projectId, projectOf(ctx))));
  if (!campaign) throw notFound("Review campaign");
  return campaign;
}

/** The campaign, for a caller assigned to review it. Assignment is required of every role: the
 *  queue is per reviewer, so an owner who wants to review adds themselves. */
export async function findAssignedCampaign(ctx: ReviewCtx, campaignId: string): Promise<Campaign> {
  const campaign = await findCampaign(ctx, campaignId);
  await assertAssigned(ctx, campaign.id);
  return campaign;
}

export async function assertAssigned(ctx: ReviewCtx, campaignId: string): Promise<void> {
  const [row] = await ctx.db
    .select({ userId: reviewCampaignReviewers.userId })
    .from(reviewCampaignReviewers)
    .where(
      and(
        eq(reviewCampaignReviewers.campaignId, campaignId),
        eq(reviewCampaignReviewers.userId, userOf(ctx)),
      ),
    );
  if (!row) throw forbidden("You are not assigned to this review campaign.");
}

/** Refuses work on a closed campaign: its results are final. */
export function assertOpen(campaign: { status: string }): void {
  if (campaign.status !== "active")
    throw conflict("This review campaign is closed; its results are final.");
}
