// POST /api/v1/runs/{id}/evaluate – request the run's evaluation (one per run, however often asked)
import { withApi } from "@/server/api";
import { requestEvaluation } from "@/server/services/evaluations/request-evaluation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi<{ id: string }>(
  async ({ ctx, params }) =>
    Response.json(await requestEvaluation(ctx.db, { projectId: ctx.projectId, runId: params.id }), {
      status: 202,
    }),
  { scope: "write" },
);
