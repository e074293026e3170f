import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { updateMetricSummary } from "@/server/services/runs-table/summary";
import { textArray } from "./pg-array";

/**
 * Bookkeeping after metric points of a run were stored, by any path (worker events, the REST
 * ingestion API): the run's summary gets each series' last value, and downsampling tiles that
 * claimed to cover a step at or after the lowest new one are marked stale from there.
 */
export async function afterMetricsStored(
  db: Db,
  runId: string,
  points: readonly { name: string; step: number }[],
): Promise<void> {
  if (points.length === 0) return;
  const minStep = new Map<string, number>();
  for (const p of points) minStep.set(p.name, Math.min(minStep.get(p.name) ?? Infinity, p.step));
  const names = [...minStep.keys()];
  await updateMetricSummary(db, runId, names);
  const lowest = Math.min(...minStep.values());
  await db.execute(sql`UPDATE run_metric_tile_state SET covered_to = ${lowest - 1}
    WHERE run_id = ${runId} AND name = ANY(${textArray(names)}) AND covered_to >= ${lowest}`);
}
