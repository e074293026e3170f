import { and, eq, isNull } from "drizzle-orm";
import { reviewSkips, reviewSlots } from "@/drizzle/schema";
import { withTransaction } from "@/server/db";
import type { NextItemResult, SlotInput } from "@/server/schemas/reviews";
import { findOwnSlot } from "./find-slot";
import { nextFor } from "./next-item";
import { assertOpen, type ReviewCtx } from "./scope";

/**
 * Skips the caller's item and returns their next one. An unvoted slot goes back to the pool for
 * other reviewers and the item is never offered to the caller again; a reopened (already voted)
 * item is just closed, its vote unchanged.
 */
export async function skipItem({
  ctx,
  input,
}: {
  ctx: ReviewCtx;
  input: SlotInput;
}): Promise<NextItemResult> {
  const { slot, campaign } = await findOwnSlot(ctx, input.slot);
  assertOpen(campaign);
  await withTransaction(ctx.db, async (tx) => {
    if (slot.filledAt) {
      await tx
        .update(reviewSlots)
        .set({ token: null, expiresAt: null, reopened: false })
        .where(and(eq(reviewSlots.id, slot.id), eq(reviewSlots.token, input.slot)));
      return;
    }
    const released = await tx
      .update(reviewSlots)
      .set({ reviewerId: null, token: null, expiresAt: null, claimedAt: null, swapped: false })
      .where(
        and(
          eq(reviewSlots.id, slot.id),
          eq(reviewSlots.token, input.slot),
          isNull(reviewSlots.filledAt),
        ),
      )
      .returning({ id: reviewSlots.id });
    if (released.length)
      await tx
        .insert(reviewSkips)
        .values({ itemId: slot.itemId, reviewerId: slot.reviewerId!, campaignId: campaign.id })
        .onConflictDoNothing();
  });
  return nextFor(ctx, campaign, { holdsNone: !slot.filledAt });
}
