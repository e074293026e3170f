// POST /api/v1/runs/{id}/adapter – attach an external run's adapter folder and request its evaluation
import { parseJsonBody, withApi } from "@/server/api";
import { AttachAdapterRequest } from "@/server/schemas/mlflow";
import { attachAdapter } from "@/server/services/runs/attach-adapter";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi<{ id: string }>(
  async ({ ctx, req, params }) =>
    Response.json(
      await attachAdapter({
        ctx,
        input: { runId: params.id, ...(await parseJsonBody(req, AttachAdapterRequest)) },
      }),
      { status: 202 },
    ),
  { scope: "write" },
);
