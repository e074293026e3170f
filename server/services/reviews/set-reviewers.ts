import { and, eq, inArray, isNull } from "drizzle-orm";
import { memberships, reviewCampaignReviewers, reviewSlots } from "@/drizzle/schema";
import { withTransaction } from "@/server/db";
import { badRequest } from "@/server/errors";
import { SetReviewersInput } from "@/server/schemas/reviews";
import { assertOpen, findCampaign, type ReviewCtx } from "./scope";

/**
 * Adds and removes reviewers. A removed reviewer's unvoted reservations go back to the pool at
 * once; the votes they already cast stay, with their history.
 */
export async function setReviewers({
  ctx,
  input: raw,
}: {
  ctx: ReviewCtx;
  input: SetReviewersInput;
}) {
  const input = SetReviewersInput.parse(raw);
  const campaign = await findCampaign(ctx, input.campaignId);
  assertOpen(campaign);
  const both = input.add.filter((id) => input.remove.includes(id));
  if (both.length) throw badRequest(`User ${both[0]} is both added and removed.`);
  if (input.add.length) {
    const members = await ctx.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(eq(memberships.projectId, campaign.projectId), inArray(memberships.userId, input.add)),
      );
    input.add.forEach((id, i) => {
      if (!members.some((m) => m.userId === id))
        throw badRequest(`add[${i}]: user ${id} is not a member of this project.`);
    });
  }
  await withTransaction(ctx.db, async (tx) => {
    if (input.add.length)
      await tx
        .insert(reviewCampaignReviewers)
        .values([...new Set(input.add)].map((userId) => ({ campaignId: campaign.id, userId })))
        .onConflictDoNothing();
    if (input.remove.length) {
      await tx
        .delete(reviewCampaignReviewers)
        .where(
          and(
            eq(reviewCampaignReviewers.campaignId, campaign.id),
            inArray(reviewCampaignReviewers.userId, input.remove),
          ),
        );
      await tx
        .update(reviewSlots)
        .set({ reviewerId: null, token: null, expiresAt: null, claimedAt: null, swapped: false })
        .where(
          and(
            eq(reviewSlots.campaignId, campaign.id),
            inArray(reviewSlots.reviewerId, input.remove),
            isNull(reviewSlots.filledAt),
          ),
        );
      // Reopened voted slots of removed reviewers are closed; their votes stay.
      await tx
        .update(reviewSlots)
        .set({ token: null, expiresAt: null, reopened: false })
        .where(
          and(
            eq(reviewSlots.campaignId, campaign.id),
            inArray(reviewSlots.reviewerId, input.remove),
            eq(reviewSlots.reopened, true),
          ),
        );
    }
  });
  const reviewers = await ctx.db
    .select({ userId: reviewCampaignReviewers.userId })
    .from(reviewCampaignReviewers)
    .where(eq(reviewCampaignReviewers.campaignId, campaign.id));
  return { campaignId: campaign.id, reviewerIds: reviewers.map((r) => r.userId) };
}
