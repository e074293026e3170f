// GET /api/v1/experiments/{id}/gates[?runId=] – the suite's regression gates and every run's verdict
import { parseQuery, withApi } from "@/server/api";
import { GatesQuery } from "@/server/api/schemas";
import { getExperimentGates } from "@/server/services/gates";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(
  ({ ctx, req, params }) =>
    getExperimentGates(ctx.db, {
      projectId: ctx.projectId,
      experimentId: params.id,
      runId: parseQuery(req, GatesQuery).runId,
    }),
  { scope: "read" },
);
