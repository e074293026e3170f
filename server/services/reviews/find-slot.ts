import { and, eq } from "drizzle-orm";
import { reviewSlots } from "@/drizzle/schema";
import { notFound } from "@/server/errors";
import { assertAssigned, findCampaign, userOf, type Campaign, type ReviewCtx } from "./scope";

export type Slot = typeof reviewSlots.$inferSelect;

/**
 * The caller's slot behind a token, with its campaign. A token that is unknown, rotated (the
 * reservation expired and went to someone else) or held by another reviewer reads the same:
 * NOT_FOUND, so tokens cannot be probed.
 */
export async function findOwnSlot(ctx: ReviewCtx, token: string): Promise<{ slot: Slot; campaign: Campaign }> {
  const reviewerId = userOf(ctx);
  const [slot] = await ctx.db.select().from(reviewSlots).where(and(eq(reviewSlots.token, token), eq(reviewSlots.reviewerId, reviewerId)));
  if (!slot) throw notFound("Review slot (the reservation may have expired and been given to someone else; take the next item)");
  const campaign = await findCampaign(ctx, slot.campaignId);
  await assertAssigned(ctx, campaign.id);
  return { slot, campaign };
}
