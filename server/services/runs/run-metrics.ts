import { sql } from "drizzle-orm";
import type { DomainCtx } from "@/server/ctx";
import { RunMetricsInput } from "@/server/schemas/runs";
import { textArray } from "@/server/services/ingest/pg-array";
import { type PackedChunkRow, packedColumns, unpackChunk } from "@/server/services/metric-store";
import { findRun } from "./get-run";

/** Metric series of a run ({ name, points: [{ step, value }] }), thinned for charts. */
export async function getRunMetrics({ ctx, input }: { ctx: DomainCtx; input: RunMetricsInput }) {
  const { runId, names, maxPoints } = RunMetricsInput.parse(input);
  const run = await findRun(ctx, runId);
  const { rows } = await ctx.db.execute<PackedChunkRow>(sql`
    SELECT ${packedColumns(false)} FROM run_metric_chunks c
    WHERE c.run_id = ${run.id} ${names?.length ? sql`AND c.name = ANY(${textArray(names)})` : sql``}
    ORDER BY c.name, c.chunk`);
  const byName = new Map<string, { step: number; value: number }[]>();
  for (const row of rows) {
    const c = unpackChunk(row);
    const points = byName.get(c.name) ?? byName.set(c.name, []).get(c.name)!;
    for (let i = 0; i < c.steps.length; i++)
      points.push({ step: c.steps[i]!, value: c.values[i]! });
  }
  const series = [...byName].map(([name, points]) => ({ name, points: thin(points, maxPoints) }));
  return { runId: run.id, series };
}

function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const every = Math.ceil(points.length / max);
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}
