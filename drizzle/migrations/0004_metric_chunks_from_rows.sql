-- Custom SQL migration file, put your code below! --
-- Moves every stored metric point from run_metrics (a row per point) into run_metric_chunks (a row
-- per 1,000 steps of a series), packed as drizzle/schema/metrics.ts describes: big-endian int4 steps,
-- float8 values and float8 milliseconds, in step order. The next migration drops run_metrics.
INSERT INTO "run_metric_chunks" ("run_id", "name", "chunk", "n", "first_step", "last_step", "last_value", "steps", "values", "times")
SELECT "run_id", "name", floor("step" / 1000.0)::int, count(*)::int, min("step"), max("step"),
  (array_agg("value" ORDER BY "step" DESC))[1],
  string_agg(int4send("step"), ''::bytea ORDER BY "step"),
  string_agg(float8send("value"), ''::bytea ORDER BY "step"),
  string_agg(float8send((extract(epoch FROM "time") * 1000)::float8), ''::bytea ORDER BY "step")
FROM "run_metrics"
GROUP BY "run_id", "name", floor("step" / 1000.0)::int;
