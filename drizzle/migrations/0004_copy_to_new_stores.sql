-- Custom SQL migration file --
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
--> statement-breakpoint
-- Checkpoint evaluations used to keep their own scores and samples (checkpoint_evaluations.scores,
-- checkpoint_evaluation_samples); now their results are `evaluations` rows that no run points at
-- until a promotion does (drizzle/schema/compare.ts). A promoted step's results are the run's own
-- evaluation already (promotion copied them in); every other completed one is copied into a new
-- evaluations row. The next migration drops the old columns and table.
UPDATE "checkpoint_evaluations" ce SET "evaluation_id" = e."id"
FROM "runs" r, "evaluations" e
WHERE ce."run_id" = r."id" AND r."promoted_step" = ce."step" AND e."run_id" = r."id"
  AND ce."status" = 'completed';
--> statement-breakpoint
CREATE TEMP TABLE "checkpoint_results" AS
SELECT ce."id" AS "checkpoint_evaluation_id", gen_random_uuid()::text AS "evaluation_id"
FROM "checkpoint_evaluations" ce
WHERE ce."status" = 'completed' AND ce."evaluation_id" IS NULL;
--> statement-breakpoint
INSERT INTO "evaluations" ("id", "project_id", "experiment_id", "run_id", "status", "split", "sample_count", "scores", "created_at", "finished_at")
SELECT cr."evaluation_id", r."project_id", r."experiment_id", NULL, 'completed',
  coalesce(x."eval_suite"->>'split', 'eval'), ce."sample_count", ce."scores", ce."created_at",
  coalesce(ce."finished_at", ce."created_at")
FROM "checkpoint_results" cr
JOIN "checkpoint_evaluations" ce ON ce."id" = cr."checkpoint_evaluation_id"
JOIN "runs" r ON r."id" = ce."run_id"
JOIN "experiments" x ON x."id" = r."experiment_id";
--> statement-breakpoint
INSERT INTO "evaluation_samples" ("evaluation_id", "idx", "prompt", "reference", "output", "scores", "primary_score")
SELECT cr."evaluation_id", s."idx", s."prompt", s."reference", s."output", s."scores", s."primary_score"
FROM "checkpoint_results" cr
JOIN "checkpoint_evaluation_samples" s ON s."checkpoint_evaluation_id" = cr."checkpoint_evaluation_id";
--> statement-breakpoint
UPDATE "checkpoint_evaluations" ce SET "evaluation_id" = cr."evaluation_id"
FROM "checkpoint_results" cr WHERE ce."id" = cr."checkpoint_evaluation_id";
--> statement-breakpoint
DROP TABLE "checkpoint_results";
