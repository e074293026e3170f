// POST /api/v1/review-campaigns/{id}/preferences – a pairwise campaign's clear verdicts as a
// preference dataset version (tRPC reviews.toPreferenceDataset)
import { parseJsonBody, withApi } from "@/server/api";
import { CampaignPreferencesBody } from "@/server/schemas/reviews";
import { preferencesFromCampaign } from "@/server/services/reviews";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi<{ id: string }>(
  async ({ ctx, req, params }) => {
    const body = await parseJsonBody(req, CampaignPreferencesBody);
    const { dataset, version, ...made } = await preferencesFromCampaign({
      ctx,
      input: { ...body, campaignId: params.id },
    });
    return Response.json(made, { status: made.reused ? 200 : 201 });
  },
  { scope: "write" },
);
