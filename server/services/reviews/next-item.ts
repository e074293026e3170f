import type { CampaignIdInput, NextItemResult } from "@/server/schemas/reviews";
import { claimSlot } from "./claim-slot";
import { itemPayload } from "./item-payload";
import { type Campaign, findAssignedCampaign, type ReviewCtx, userOf } from "./scope";

/** The caller's next item in the campaign (claiming a reservation), or null when none is left or
 *  the campaign is closed. */
export async function nextItem({
  ctx,
  input,
}: {
  ctx: ReviewCtx;
  input: CampaignIdInput;
}): Promise<NextItemResult> {
  const campaign = await findAssignedCampaign(ctx, input.campaignId);
  return nextFor(ctx, campaign);
}

export async function nextFor(
  ctx: ReviewCtx,
  campaign: Campaign,
  opts: { holdsNone?: boolean } = {},
): Promise<NextItemResult> {
  if (campaign.status !== "active") return null;
  const reviewerId = userOf(ctx);
  const slot = await claimSlot(
    ctx.db,
    campaign.id,
    reviewerId,
    campaign.reservationSeconds,
    campaign.mode === "pairwise",
    opts,
  );
  return slot ? itemPayload(ctx.db, campaign, reviewerId, slot) : null;
}
