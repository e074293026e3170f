// POST /api/v1/judges/{id}/try – run a judge on up to 3 samples: the prompts sent and the verdicts
import { parseJsonBody, withApi } from "@/server/api";
import { TryJudgeBody } from "@/server/schemas/judges";
import { tryJudge } from "@/server/services/judges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi<{ id: string }>(
  async ({ ctx, req, params }) => {
    const body = await parseJsonBody(req, TryJudgeBody);
    return tryJudge({ ctx, input: { ...body, judgeId: params.id } });
  },
  { scope: "write" },
);
