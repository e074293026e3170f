// POST /api/v1/experiments/{id}/judge-preferences – a pairwise judge's agreeing verdicts on one
// run as a preference dataset version (tRPC judges.toPreferenceDataset)
import { parseJsonBody, withApi } from "@/server/api";
import { JudgePreferencesBody } from "@/server/schemas/judges";
import { preferencesFromJudge } from "@/server/services/judges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi<{ id: string }>(
  async ({ ctx, req, params }) => {
    const body = await parseJsonBody(req, JudgePreferencesBody);
    const { dataset, version, ...made } = await preferencesFromJudge({
      ctx,
      input: { ...body, experimentId: params.id },
    });
    return Response.json(made, { status: made.reused ? 200 : 201 });
  },
  { scope: "write" },
);
