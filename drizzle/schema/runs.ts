import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { RUN_STATUSES } from "../../core/enums";
import type { RunHyperparams } from "../../server/schemas/experiments";
import type { MlflowRunData } from "../../server/schemas/mlflow";
import type { RunCost } from "../../server/schemas/runs-table";
import type { ExternalRef, StoredRunSpec } from "../../trainers/types";
import { createdAt, id, tstz, updatedAt } from "./columns";
import { experiments } from "./experiments";
import { projects } from "./projects";

/** Transitions: core/run-status.ts. */
export const runStatus = pgEnum("run_status", RUN_STATUSES);

export const runs = pgTable(
  "runs",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    /** Grid point number, 1-based; 0 for the baseline. */
    index: integer("index").notNull(),
    /** The base model without an adapter, evaluated the same way: the leaderboard's baseline row. */
    isBaseline: boolean("is_baseline").notNull().default(false),
    name: text("name").notNull(),
    status: runStatus("status").notNull().default("queued"),
    hyperparams: jsonb("hyperparams").$type<RunHyperparams>().notNull(),
    spec: jsonb("spec").$type<StoredRunSpec>().notNull(),
    /** The backend's ExternalRef, including its event cursor; stored with every batch of events. */
    externalRef: jsonb("external_ref").$type<ExternalRef>(),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    step: integer("step"),
    totalSteps: integer("total_steps"),
    epoch: doublePrecision("epoch"),
    tokensSeen: bigint("tokens_seen", { mode: "number" }),
    tokensPerSecond: doublePrecision("tokens_per_second"),
    etaSeconds: doublePrecision("eta_seconds"),
    /** The most memory the run has held on any rank, over all its processes (a resumed worker
     *  starts counting again), in bytes; null where the backend does not report it (OpenAI). */
    peakMemBytes: bigint("peak_mem_bytes", { mode: "number" }),
    device: text("device"),
    /**
     * The local GPUs (by index) the scheduler gave this run. They are held while the run is
     * submitted or running, and free again once it ends, fails or is cancelled; the column stays
     * as a record. Null: a CPU run, or another backend.
     */
    gpus: integer("gpus").array(),
    /** Why a queued run has not started yet ("waiting for GPU 1 (held by run …)"); null once it has. */
    queueReason: text("queue_reason"),
    error: text("error"),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Free labels set by people (runs.setTags); filterable in the runs table. */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /**
     * Denormalised per-run numbers for the runs table, so sorting and filtering 10,000 runs never
     * reads metric points: { [evalMetric]: corpus score, [metricName]: last value by step }.
     * Maintained where the numbers are written (metric ingestion, evaluation, checkpoint promotion).
     */
    summary: jsonb("summary").$type<Record<string, number>>().notNull().default({}),
    /** server/services/cost; null until known. */
    cost: jsonb("cost").$type<RunCost>(),
    /** The checkpoint step promoted as this run's result (its adapter and scores), or null for the final adapter. */
    promotedStep: integer("promoted_step"),
    /** An external run logged by an MLflow client: its params, key/value tags and times. */
    mlflow: jsonb("mlflow").$type<MlflowRunData>(),
    /** Soft delete (MLflow runs/delete): hidden from lists, restorable, never evaluated. */
    deletedAt: tstz("deleted_at"),
  },
  (t) => [
    index("runs_experiment_idx").on(t.experimentId, t.index),
    index("runs_project_status_idx").on(t.projectId, t.status),
    index("runs_tags_idx").using("gin", t.tags),
    index("runs_experiment_created_idx").on(t.experimentId, t.createdAt),
  ],
);

/** `seq` is the position of the line in the backend's stream, so a replayed line is a no-op. */
export const runLogs = pgTable(
  "run_logs",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    time: tstz("time").notNull(),
    level: text("level").notNull(),
    message: text("message").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export const runArtifacts = pgTable(
  "run_artifacts",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    path: text("path").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("run_artifacts_kind_idx").on(t.runId, t.kind)],
);
