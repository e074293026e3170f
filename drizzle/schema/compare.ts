import {
  doublePrecision,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { CHECKPOINT_EVALUATION_STATUSES, type CheckpointKind } from "../../core/enums";
import { users } from "./auth";
import { createdAt, id, tstz, updatedAt } from "./columns";
import { evaluations } from "./evaluations";
import { projects } from "./projects";
import { runs } from "./runs";

/** Per-user UI settings (e.g. "runs-table-columns:<experimentId>"), scoped to a project. */
export const userPreferences = pgTable(
  "user_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.projectId, t.key] })],
);

/** Intermediate checkpoints a backend reported (the local worker keeps only the two newest on disk). */
export const runCheckpoints = pgTable(
  "run_checkpoints",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    step: integer("step").notNull(),
    path: text("path").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.step] })],
);

export const checkpointEvaluationStatus = pgEnum(
  "checkpoint_evaluation_status",
  CHECKPOINT_EVALUATION_STATUSES,
);

/**
 * One evaluation per (run, step), same eval split and scoring as the run's own evaluation: this
 * row tracks the job, its results are the `evaluations` row `evaluationId` (no runId until the
 * checkpoint is promoted). The run's final evaluation is recorded here too (kind "final", step -1)
 * when a checkpoint is promoted, so a promotion can be undone by promoting the final step back.
 */
export const checkpointEvaluations = pgTable(
  "checkpoint_evaluations",
  {
    id: id(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    step: integer("step").notNull(),
    kind: text("kind").$type<CheckpointKind>().notNull().default("checkpoint"),
    adapterPath: text("adapter_path"),
    status: checkpointEvaluationStatus("status").notNull(),
    /** The stored results once completed. */
    evaluationId: text("evaluation_id").references(() => evaluations.id, { onDelete: "set null" }),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: tstz("finished_at"),
  },
  (t) => [uniqueIndex("checkpoint_evaluations_run_step_idx").on(t.runId, t.step)],
);

/**
 * A pre-downsampled pyramid of metric series: per (run, name, width) bucket of `width` steps, the
 * bucket's min/max and up to four candidate points (first, min, max, last). series.get reads a
 * few thousand of these instead of 100,000 raw points. Built lazily on first read and extended
 * incrementally (run_metric_tile_state.covered_to); ingestion lowers covered_to when it writes
 * a point at or below it.
 */
export const runMetricTiles = pgTable(
  "run_metric_tiles",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    width: integer("width").notNull(),
    bucket: integer("bucket").notNull(),
    n: integer("n").notNull(),
    minValue: doublePrecision("min_value").notNull(),
    maxValue: doublePrecision("max_value").notNull(),
    steps: integer("steps").array().notNull(),
    values: doublePrecision("values").array().notNull(),
    /** Milliseconds since the epoch of each candidate point. */
    times: doublePrecision("times").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.name, t.width, t.bucket] })],
);

export const runMetricTileState = pgTable(
  "run_metric_tile_state",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    width: integer("width").notNull(),
    /** Every point with step <= coveredTo is in the tiles; -1 when nothing is. */
    coveredTo: integer("covered_to").notNull(),
    points: integer("points").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.name, t.width] })],
);

/** Token usage of an evaluation (generation and LLM judge), for the cost figure. */
export const evaluationUsage = pgTable(
  "evaluation_usage",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    usd: real("usd"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.kind] })],
);
