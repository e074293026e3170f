// POST /api/v1/runs/{id}/metrics – batch metric ingestion for external trainers and scripts
import { parseJsonBody, withApi } from "@/server/api";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import { ingestMetrics } from "@/server/services/ingest";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi<{ id: string }>(
  async ({ ctx, req, params }) =>
    ingestMetrics({
      ctx,
      input: { runId: params.id, ...(await parseJsonBody(req, IngestMetricsRequest)) },
    }),
  { scope: "write" },
);
