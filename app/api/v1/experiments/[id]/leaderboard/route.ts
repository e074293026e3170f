// GET /api/v1/experiments/{id}/leaderboard – evaluated runs ranked by the primary metric, with CIs and paired p-values
import { withApi } from "@/server/api";
import { getLeaderboard } from "@/server/services/leaderboard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(
  ({ ctx, params }) => getLeaderboard({ ctx, input: { experimentId: params.id } }),
  { scope: "read" },
);
