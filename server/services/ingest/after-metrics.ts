import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import type { StoreResult } from "@/server/services/metric-store";
import { updateMetricSummary } from "@/server/services/runs-table/summary";
import { enqueueTileBuild } from "@/server/services/series/prebuild-tiles";
import { intArray, textArray } from "./pg-array";

/**
 * Bookkeeping after new metric points of a run were stored, by any path (worker events, the REST
 * ingestion API), in the same transaction: the run's summary gets each changed series' last
 * value, chart tiles that claimed to cover a new step are marked stale from there, and the chart
 * tiles of the run are (re)built in the background, so a first read finds them.
 */
export async function afterMetricsStored(
  db: Db,
  runId: string,
  changed: StoreResult["changed"],
): Promise<void> {
  if (changed.size === 0) return;
  const names = [...changed.keys()];
  const ranges = [...changed.values()];
  await updateMetricSummary(db, runId, names);
  await db.execute(sql`UPDATE run_metric_tile_state s SET covered_to = k.lowest - 1
    FROM unnest(${textArray(names)}, ${intArray(ranges.map((r) => r.lowest))}) AS k(name, lowest)
    WHERE s.run_id = ${runId} AND s.name = k.name AND s.covered_to >= k.lowest`);
  await enqueueTileBuild(db, runId, Math.max(...ranges.map((r) => r.highest)));
}
