// GET /api/v1/judges/{id} – one judge with every version
import { withApi } from "@/server/api";
import { getJudge } from "@/server/services/judges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(
  ({ ctx, params }) => getJudge({ ctx, input: { judgeId: params.id } }),
  { scope: "read" },
);
