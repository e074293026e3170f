// GET /api/v1/runs – the project's runs (or one experiment's), sorted, filtered, grouped and paged like the runs table
import { parseQuery, withApi } from "@/server/api";
import { RunsQuery, runsTableInput } from "@/server/schemas/runs-table";
import { getRunsTable } from "@/server/services/runs-table";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(
  async ({ ctx, req }) => getRunsTable({ ctx, input: runsTableInput(parseQuery(req, RunsQuery)) }),
  { scope: "read" },
);
