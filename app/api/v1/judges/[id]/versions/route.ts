// POST /api/v1/judges/{id}/versions – edit a judge: its settings become the next version (admins)
import { parseJsonBody, withApi } from "@/server/api";
import { JudgeSettings } from "@/server/schemas/judges";
import { updateJudge } from "@/server/services/judges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi<{ id: string }>(
  async ({ ctx, req, params }) => {
    const settings = await parseJsonBody(req, JudgeSettings);
    return Response.json(await updateJudge({ ctx, input: { ...settings, judgeId: params.id } }), {
      status: 201,
    });
  },
  { scope: "write", roles: ["admin"] },
);
