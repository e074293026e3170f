// GET /api/v1/experiments/{id}/runs – the experiment's runs in grid order, baseline first, with progress
import { withApi } from "@/server/api";
import { listRuns } from "@/server/services/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(
  async ({ ctx, params }) => ({
    runs: await listRuns({ ctx, input: { experimentId: params.id } }),
  }),
  { scope: "read" },
);
