// GET /api/v1/experiments/{id}/export?what=runs|metrics|samples&format=csv|json[&run=…][&metric=…] – streamed, keyset-paged
import { parseQuery, withApi } from "@/server/api";
import { ExportQuery } from "@/server/schemas/export";
import { exportExperiment } from "@/server/services/export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(
  async ({ ctx, req, params }) => {
    const q = parseQuery(req, ExportQuery);
    const body = await exportExperiment({ ctx, input: { ...q, experimentId: params.id } });
    return new Response(body, {
      headers: {
        "content-type":
          q.format === "csv"
            ? "text/csv; charset=utf-8; header=present"
            : "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="experiment-${params.id}-${q.what}.${q.format}"`,
        "cache-control": "no-store",
      },
    });
  },
  { scope: "read" },
);
