import type { CampaignIdInput } from "@/server/schemas/reviews";
import { reviewerProgress } from "./item-payload";
import { findAssignedCampaign, type ReviewCtx, userOf } from "./scope";

/** What an assigned reviewer needs before the first item: the guidelines, the rubric, progress. */
export async function getGuidelines({ ctx, input }: { ctx: ReviewCtx; input: CampaignIdInput }) {
  const campaign = await findAssignedCampaign(ctx, input.campaignId);
  return {
    campaignId: campaign.id,
    name: campaign.name,
    mode: campaign.mode,
    status: campaign.status,
    guidelines: campaign.settings.guidelines,
    rubric: campaign.settings.rubric,
    mine: await reviewerProgress(ctx.db, campaign.id, userOf(ctx)),
  };
}
