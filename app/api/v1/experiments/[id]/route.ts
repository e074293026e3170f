// GET /api/v1/experiments/{id} – one experiment with its dataset and settings
import { withApi } from "@/server/api";
import { getExperiment } from "@/server/services/experiments";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(
  ({ ctx, params }) => getExperiment({ ctx, input: { experimentId: params.id } }),
  { scope: "read" },
);
