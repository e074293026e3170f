// GET /api/v1/runs/{id} – one run: status, progress, artifacts and its evaluation's corpus scores
import { withApi } from "@/server/api";
import { getRun } from "@/server/services/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(
  ({ ctx, params }) => getRun({ ctx, input: { runId: params.id } }),
  { scope: "read" },
);
