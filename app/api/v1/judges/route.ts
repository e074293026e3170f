// GET /api/v1/judges – the project's judges; POST – create one (admins: its calls spend the project's key)
import { parseJsonBody, withApi } from "@/server/api";
import { CreateJudgeInput } from "@/server/schemas/judges";
import { createJudge, listJudges } from "@/server/services/judges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(async ({ ctx }) => ({ judges: await listJudges({ ctx }) }), {
  scope: "read",
});

export const POST = withApi(
  async ({ ctx, req }) => {
    const input = await parseJsonBody(req, CreateJudgeInput);
    return Response.json(await createJudge({ ctx, input }), { status: 201 });
  },
  { scope: "write", roles: ["admin"] },
);
