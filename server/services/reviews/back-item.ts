import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { reviewSlots } from "@/drizzle/schema";
import { withTransaction } from "@/server/db";
import type { CampaignIdInput, NextItemResult } from "@/server/schemas/reviews";
import { newSlotToken } from "./claim-slot";
import { itemPayload } from "./item-payload";
import { assertOpen, findAssignedCampaign, type ReviewCtx, userOf } from "./scope";

/**
 * "← back" and "undo last vote": reopens the caller's most recent voted item, or, when one is
 * already reopened, the one voted before it. The item comes back with the current vote as
 * `previous` and the same sides as before; voting again adds a version. Null: nothing earlier.
 * The caller's unvoted reservation, if any, is kept and comes back after this vote.
 */
export async function backItem({
  ctx,
  input,
}: {
  ctx: ReviewCtx;
  input: CampaignIdInput;
}): Promise<NextItemResult> {
  const campaign = await findAssignedCampaign(ctx, input.campaignId);
  assertOpen(campaign);
  const reviewerId = userOf(ctx);
  const mine = and(
    eq(reviewSlots.campaignId, campaign.id),
    eq(reviewSlots.reviewerId, reviewerId),
    isNotNull(reviewSlots.filledAt),
  );
  const reopened = await withTransaction(ctx.db, async (tx) => {
    const [open] = await tx
      .select()
      .from(reviewSlots)
      .where(and(mine, eq(reviewSlots.reopened, true)))
      .orderBy(desc(reviewSlots.filledAt))
      .limit(1)
      .for("update");
    // Compared in SQL: filled_at has microseconds, a JS Date only milliseconds.
    const before = open
      ? sql`(${reviewSlots.filledAt}, ${reviewSlots.id}) < (SELECT filled_at, id FROM review_slots WHERE id = ${open.id})`
      : undefined;
    const [target] = await tx
      .select()
      .from(reviewSlots)
      .where(and(mine, before))
      .orderBy(desc(reviewSlots.filledAt), desc(reviewSlots.id))
      .limit(1)
      .for("update");
    if (!target) return null;
    if (open)
      await tx
        .update(reviewSlots)
        .set({ reopened: false, token: null, expiresAt: null })
        .where(eq(reviewSlots.id, open.id));
    const expiresAt = new Date(Date.now() + campaign.reservationSeconds * 1000);
    const [row] = await tx
      .update(reviewSlots)
      .set({ reopened: true, token: newSlotToken(), expiresAt })
      .where(eq(reviewSlots.id, target.id))
      .returning();
    return row!;
  });
  if (!reopened) return null;
  return itemPayload(ctx.db, campaign, reviewerId, {
    id: reopened.id,
    itemId: reopened.itemId,
    token: reopened.token!,
    expiresAt: reopened.expiresAt!,
    swapped: reopened.swapped,
    filled: true,
  });
}
