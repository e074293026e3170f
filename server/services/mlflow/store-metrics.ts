import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import type { MlflowMetric } from "@/server/schemas/mlflow";
import { afterMetricsStored } from "@/server/services/ingest";
import { floatArray, intArray, textArray } from "@/server/services/ingest/pg-array";
import { type StoredPoint, storePoints } from "@/server/services/metric-store";

/**
 * Stores metrics logged through the MLflow API with MLflow's semantics: every logged (key, value,
 * timestamp, step) is kept, an exact repeat once. The chunk store holds the point a chart shows at
 * each step, finite and of the latest timestamp; non-finite values and the other values of a step
 * go to mlflow_metric_extras, which only MLflow's reads (metric-history.ts) merge back in. The
 * caller holds the run's row lock in the transaction `db` belongs to.
 */
export async function storeMlflowMetrics(
  db: Db,
  runId: string,
  metrics: readonly MlflowMetric[],
): Promise<void> {
  const charted: StoredPoint[] = [];
  const extras: StoredPoint[] = [];
  for (const m of metrics) {
    const point = { name: m.key, step: m.step, value: m.value, time: m.timestamp };
    (Number.isFinite(m.value) ? charted : extras).push(point);
  }
  const stored = await storePoints(db, runId, charted, "latest");
  await afterMetricsStored(db, runId, stored.changed);
  extras.push(...stored.displaced);
  if (extras.length === 0) return;
  await db.execute(sql`INSERT INTO mlflow_metric_extras (run_id, name, step, time, value)
    SELECT ${runId}, * FROM unnest(${textArray(extras.map((p) => p.name))}, ${intArray(extras.map((p) => p.step))},
      ${floatArray(extras.map((p) => p.time))}, ${floatArray(extras.map((p) => p.value))})
    ON CONFLICT DO NOTHING`);
}
