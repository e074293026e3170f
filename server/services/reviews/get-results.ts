import type { CampaignIdInput } from "@/server/schemas/reviews";
import { loadResults } from "./load-results";
import { findCampaign, type ReviewCtx } from "./scope";

/** Per-run human scores, win matrix, Bradley–Terry ratings, agreement, position bias, judge agreement. */
export async function getResults({ ctx, input }: { ctx: ReviewCtx; input: CampaignIdInput }) {
  const campaign = await findCampaign(ctx, input.campaignId);
  return loadResults(ctx.db, campaign);
}
