import { z } from "zod";
import { EARLIEST_TIME_S, INT4_MAX, LATEST_TIME_S } from "./bounds";
import { StorableText } from "./storable";

// The MLflow tracking REST API subset Tunebench serves (docs/mlflow.md): request bodies and query
// strings in MLflow's snake_case, with MLflow's own limits (mlflow/utils/validation.py).

export const MLFLOW_LIMITS = {
  keyLength: 250,
  /** The metric store's series names are shorter than MLflow's keys. */
  metricKeyLength: 200,
  paramValueLength: 6000,
  tagValueLength: 5000,
  experimentNameLength: 500,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchEntities: 1000,
  searchResults: 50_000,
  historyResults: 100_000,
  bulkRuns: 100,
  bulkResults: 2500,
} as const;

/** MLflow's run statuses, and the Tunebench run status each one maps to. */
export const MLFLOW_RUN_STATUSES = [
  "RUNNING",
  "SCHEDULED",
  "FINISHED",
  "FAILED",
  "KILLED",
] as const;
export type MlflowRunStatus = (typeof MLFLOW_RUN_STATUSES)[number];

/** What an MLflow client logged to a run that Tunebench's own columns do not hold (runs.mlflow). */
export type MlflowRunData = {
  params: Record<string, string>;
  tags: Record<string, string>;
  userId: string | null;
  /** Milliseconds since the epoch, as the client sent them. */
  startTime: number;
  endTime: number | null;
};

const key = (max: number) =>
  StorableText.pipe(
    z
      .string()
      .max(max, `keys are at most ${max} characters`)
      .regex(/^[/\w.\- ]*$/, "keys may hold only letters, digits, _ - . / and spaces")
      .refine((k) => k.length > 0, "a key must not be empty")
      .refine(
        (k) => !k.startsWith("/") && !k.split("/").some((p) => p === ".." || p === "."),
        "a key must not be an absolute or relative path ('/', '.', '..')",
      ),
  );
const text = (what: string, max: number) =>
  StorableText.pipe(z.string().max(max, `${what} is at most ${max} characters`));

/** int64 fields arrive as JSON numbers (current clients) or strings (plain protobuf JSON). */
const int64 = (what: string, min: number, max: number) =>
  z
    .union([z.number(), z.string().regex(/^-?\d+$/, `${what} must be a whole number`)])
    .transform(Number)
    .pipe(
      z
        .number()
        .int(`${what} must be a whole number`)
        .min(min, `${what} must be at least ${min}`)
        .max(max, `${what} must be at most ${max}`),
    );
/** Milliseconds since the epoch, within the years the metric store keeps (2000–2100). */
const millis = (what: string) => int64(what, EARLIEST_TIME_S * 1000, LATEST_TIME_S * 1000);
const step = int64("step", 0, INT4_MAX);
const id = (what: string) => text(what, 64).pipe(z.string().min(1, `${what} is required`));
const runId = id("run_id");
/** Clients send run_id and the deprecated run_uuid; either names the run. */
const RunRef = { run_id: runId.optional(), run_uuid: runId.optional() };
function toRunId<T extends { run_id?: string; run_uuid?: string }>(
  { run_uuid, ...r }: T,
  ctx: z.RefinementCtx,
): Omit<T, "run_id" | "run_uuid"> & { run_id: string } {
  const id = r.run_id ?? run_uuid;
  if (!id) ctx.addIssue({ code: "custom", message: "run_id is required", path: ["run_id"] });
  return { ...(r as Omit<T, "run_id" | "run_uuid">), run_id: id ?? "" };
}

/** A double in protobuf's JSON: a number, or a string holding one, "NaN", "Infinity" or
 *  "-Infinity" (how MLflow's client sends non-finite values; JSON has no literal for them). */
const metricValue = z.union(
  [
    z.number(),
    z
      .string()
      .regex(/^(NaN|-?Infinity|-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)$/)
      .transform(Number),
  ],
  { error: 'a metric value must be a number, "NaN", "Infinity" or "-Infinity"' },
);

export const MlflowParam = z.object({
  key: key(MLFLOW_LIMITS.keyLength),
  value: text("a param value", MLFLOW_LIMITS.paramValueLength),
});
export const MlflowTag = z.object({
  key: key(MLFLOW_LIMITS.keyLength),
  value: text("a tag value", MLFLOW_LIMITS.tagValueLength),
});
export const MlflowMetric = z.object({
  key: key(MLFLOW_LIMITS.metricKeyLength),
  value: metricValue,
  timestamp: millis("timestamp"),
  step: step.default(0),
});
export type MlflowMetric = z.infer<typeof MlflowMetric>;

export const GetExperimentByName = z.object({
  experiment_name: text("experiment_name", MLFLOW_LIMITS.experimentNameLength).pipe(
    z.string().min(1, "experiment_name is required"),
  ),
});
export const CreateExperiment = z.object({
  name: text("name", MLFLOW_LIMITS.experimentNameLength).pipe(
    z.string().trim().min(1, "name is required"),
  ),
  artifact_location: text("artifact_location", 2000).optional(),
  tags: z.array(MlflowTag).max(MLFLOW_LIMITS.batchTags).optional(),
});
export const GetExperiment = z.object({ experiment_id: id("experiment_id") });

export const CreateRun = z.object({
  experiment_id: id("experiment_id").default("0"),
  user_id: text("user_id", 250).optional(),
  run_name: text("run_name", 250).optional(),
  start_time: millis("start_time").optional(),
  tags: z.array(MlflowTag).max(MLFLOW_LIMITS.batchTags).default([]),
});
export const GetRun = z.object(RunRef).transform(toRunId);
export const UpdateRun = z
  .object({
    ...RunRef,
    status: z.enum(MLFLOW_RUN_STATUSES).optional(),
    end_time: millis("end_time").optional(),
    run_name: text("run_name", 250).optional(),
  })
  .transform(toRunId);
export const DeleteRun = GetRun;
export const SearchRuns = z.object({
  experiment_ids: z.array(id("experiment_id")).max(100).default([]),
  filter: text("filter", 1000).optional(),
  run_view_type: z.enum(["ACTIVE_ONLY", "DELETED_ONLY", "ALL"]).default("ACTIVE_ONLY"),
  max_results: int64("max_results", 1, MLFLOW_LIMITS.searchResults).default(1000),
  order_by: z.array(text("order_by", 250)).max(10).default([]),
  page_token: text("page_token", 64).optional(),
});
export const LogBatch = z
  .object({
    ...RunRef,
    metrics: z.array(MlflowMetric).max(MLFLOW_LIMITS.batchMetrics).default([]),
    params: z.array(MlflowParam).max(MLFLOW_LIMITS.batchParams).default([]),
    tags: z.array(MlflowTag).max(MLFLOW_LIMITS.batchTags).default([]),
  })
  .refine(
    (b) => b.metrics.length + b.params.length + b.tags.length <= MLFLOW_LIMITS.batchEntities,
    `a batch holds at most ${MLFLOW_LIMITS.batchEntities} metrics, params and tags in all`,
  )
  .transform(toRunId);
export type LogBatch = z.infer<typeof LogBatch>;
export const LogMetric = z.object({ ...RunRef, ...MlflowMetric.shape }).transform(toRunId);
export const LogParam = z.object({ ...RunRef, ...MlflowParam.shape }).transform(toRunId);
export const SetTag = z.object({ ...RunRef, ...MlflowTag.shape }).transform(toRunId);
export const GetMetricHistory = z
  .object({
    ...RunRef,
    metric_key: key(MLFLOW_LIMITS.metricKeyLength),
    max_results: int64("max_results", 1, MLFLOW_LIMITS.historyResults).optional(),
    page_token: text("page_token", 64).optional(),
  })
  .transform(toRunId);
export const GetMetricHistoryBulkInterval = z
  .object({
    run_ids: z
      .union([runId, z.array(runId)])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.string()).min(1).max(MLFLOW_LIMITS.bulkRuns)),
    metric_key: key(MLFLOW_LIMITS.metricKeyLength),
    start_step: step.optional(),
    end_step: step.optional(),
    max_results: int64("max_results", 1, MLFLOW_LIMITS.bulkResults).default(
      MLFLOW_LIMITS.bulkResults,
    ),
  })
  .refine((q) => (q.start_step === undefined) === (q.end_step === undefined), {
    message: "give both start_step and end_step, or neither",
    path: ["start_step"],
  });

/** POST /api/v1/runs/{id}/adapter: where an external run's adapter folder is. */
export const AttachAdapterRequest = z.object({
  location: text("location", 2000).pipe(z.string().min(1, "location is required")),
});
export type AttachAdapterRequest = z.infer<typeof AttachAdapterRequest>;
/** The same, from the dashboard (runs.attachOutput). */
export const AttachOutputInput = AttachAdapterRequest.extend({ runId: z.string().min(1) });
