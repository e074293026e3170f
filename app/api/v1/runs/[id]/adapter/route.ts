// POST /api/v1/runs/{id}/adapter – attach an external run's adapter or model folder from a location
// PUT  /api/v1/runs/{id}/adapter – upload it as a tar or tar.gz archive
// Either way the run's evaluation is requested (202).
import { parseJsonBody, withApi } from "@/server/api";
import { AttachAdapterRequest } from "@/server/schemas/mlflow";
import { attachAdapter } from "@/server/services/runs/attach-adapter";
import { uploadRunOutput } from "@/server/services/runs/upload-run-output";

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

export const PUT = withApi<{ id: string }>(
  async ({ ctx, req, params }) =>
    Response.json(await uploadRunOutput({ ctx, input: { runId: params.id, body: req.body } }), {
      status: 202,
    }),
  { scope: "write" },
);
