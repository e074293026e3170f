import { doublePrecision, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { bytea } from "./columns";
import { runs } from "./runs";

/**
 * Metric points, stored the way charts read them: one row per (run, name, chunk) holding the
 * points whose step is in [chunk × 1,000, chunk × 1,000 + 999], as three parallel arrays sorted by
 * step. (run, name, step) is still a point's identity: writers merge new points into the chunk
 * and the first value stored for a step stays, except for points logged through the MLflow API,
 * where the latest timestamp's does (server/services/metric-store/). A row per chunk
 * instead of per point is what lets ingestion store 100,000 points a second on PGlite.
 *
 * The arrays are packed big-endian (network order, what int4send and float8send produce, so SQL
 * can build them too): `steps` int4, `values` float8, `times` float8 milliseconds since the epoch.
 * `n`, `first_step`, `last_step` and `last_value` repeat the arrays' count and ends so that series
 * heads and runs-table summaries are read without unpacking.
 */
export const runMetricChunks = pgTable(
  "run_metric_chunks",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    chunk: integer("chunk").notNull(),
    n: integer("n").notNull(),
    firstStep: integer("first_step").notNull(),
    lastStep: integer("last_step").notNull(),
    lastValue: doublePrecision("last_value").notNull(),
    steps: bytea("steps").notNull(),
    values: bytea("values").notNull(),
    times: bytea("times").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.name, t.chunk] })],
);

/**
 * Points logged through the MLflow API (docs/mlflow.md) that run_metric_chunks cannot hold,
 * kept so MLflow's get-history returns every logged (key, value, timestamp, step) as an MLflow
 * server does: values that are not finite (NaN, ±infinity; charts and statistics read only the
 * chunks) and earlier values of a step that was logged again (the chunk keeps the value with the
 * latest timestamp). The primary key is MLflow's identity of a point, so an exact repeat is
 * stored once (PostgreSQL compares NaN equal to NaN). `time` is milliseconds since the epoch.
 */
export const mlflowMetricExtras = pgTable(
  "mlflow_metric_extras",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    step: integer("step").notNull(),
    time: doublePrecision("time").notNull(),
    value: doublePrecision("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.name, t.step, t.time, t.value] })],
);
