import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import type { RunsTableColumn } from "@/server/schemas/runs-table";

/**
 * Every column the filtered runs have, with `varies` (false when all non-baseline runs share one
 * value, so "diff only" hides it). The baseline is left out of `varies`: it has no
 * hyperparameters by definition and would make every parameter look different.
 */
export async function tableColumns(db: Db, where: SQL): Promise<RunsTableColumn[]> {
  const { rows } = await db.execute<{
    kind: "param" | "metric";
    key: string;
    distinct: number | string;
    present: number | string;
    total: number | string;
  }>(sql`
    WITH f AS (SELECT r.hyperparams, r.summary FROM runs r WHERE ${where} AND NOT r.is_baseline),
         n AS (SELECT count(*) AS total FROM f)
    SELECT 'param' AS kind, e.key, count(DISTINCT e.value) AS distinct, count(*) AS present, (SELECT total FROM n) AS total
      FROM f, jsonb_each(f.hyperparams) e GROUP BY e.key
    UNION ALL
    SELECT 'metric' AS kind, e.key, count(DISTINCT e.value) AS distinct, count(*) AS present, (SELECT total FROM n) AS total
      FROM f, jsonb_each(f.summary) e GROUP BY e.key`);
  const meta = await db.execute<{
    statuses: number | string;
    tagsets: number | string;
    costs: number | string;
    peaks: number | string;
  }>(sql`
    SELECT count(DISTINCT r.status) AS statuses, count(DISTINCT r.tags) AS tagsets, count(DISTINCT r.cost -> 'usd') AS costs,
           count(DISTINCT r.peak_mem_bytes) AS peaks
    FROM runs r WHERE ${where} AND NOT r.is_baseline`);
  const m = meta.rows[0];
  const varies = (r: {
    distinct: number | string;
    present: number | string;
    total: number | string;
  }) => Number(r.distinct) > 1 || Number(r.present) < Number(r.total);
  const params = rows.filter((r) => r.kind === "param").sort((a, b) => a.key.localeCompare(b.key));
  const metrics = rows
    .filter((r) => r.kind === "metric")
    .sort((a, b) => a.key.localeCompare(b.key));
  return [
    { key: "meta.name", label: "Run", kind: "meta", varies: true },
    { key: "status", label: "Status", kind: "status", varies: Number(m?.statuses ?? 0) > 1 },
    { key: "tag", label: "Tags", kind: "tag", varies: Number(m?.tagsets ?? 0) > 1 },
    ...params.map((r) => ({
      key: `param.${r.key}`,
      label: r.key,
      kind: "param" as const,
      varies: varies(r),
    })),
    ...metrics.map((r) => ({
      key: `metric.${r.key}`,
      label: r.key,
      kind: "metric" as const,
      varies: varies(r),
    })),
    { key: "meta.cost", label: "Cost (USD)", kind: "meta", varies: Number(m?.costs ?? 0) > 1 },
    {
      key: "meta.peakMem",
      label: "Peak memory",
      kind: "meta",
      varies: Number(m?.peaks ?? 0) > 1,
    },
    { key: "meta.createdAt", label: "Created", kind: "meta", varies: true },
    { key: "meta.finishedAt", label: "Finished", kind: "meta", varies: true },
  ];
}
