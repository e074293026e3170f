import type { RunStatus } from "@/core/enums";
import type { experiments, runs } from "@/drizzle/schema";
import type { MlflowRunStatus } from "@/server/schemas/mlflow";

// Tunebench rows as MLflow's messages (service.proto): ids are strings, times milliseconds.

const MLFLOW_STATUS: Record<RunStatus, MlflowRunStatus> = {
  queued: "SCHEDULED",
  submitted: "SCHEDULED",
  running: "RUNNING",
  succeeded: "FINISHED",
  evaluating: "FINISHED",
  evaluated: "FINISHED",
  failed: "FAILED",
  cancelled: "KILLED",
};
/** The Tunebench status an MLflow status update moves a run to. */
export const TUNEBENCH_STATUS: Record<MlflowRunStatus, RunStatus> = {
  SCHEDULED: "queued",
  RUNNING: "running",
  FINISHED: "succeeded",
  FAILED: "failed",
  KILLED: "cancelled",
};
export const mlflowStatusOf = (s: RunStatus): MlflowRunStatus => MLFLOW_STATUS[s];

export type MlflowMetricOut = { key: string; value: number; timestamp: number; step: number };

export function toMlflowExperiment(e: typeof experiments.$inferSelect) {
  const created = e.createdAt.getTime();
  return {
    experiment_id: e.id,
    name: e.name,
    artifact_location: "",
    lifecycle_stage: "active",
    creation_time: created,
    last_update_time: created,
    tags: [],
  };
}

export function toMlflowRunInfo(r: typeof runs.$inferSelect) {
  return {
    run_id: r.id,
    run_uuid: r.id,
    run_name: r.name,
    experiment_id: r.experimentId,
    user_id: r.mlflow?.userId ?? "",
    status: mlflowStatusOf(r.status),
    start_time: r.mlflow?.startTime ?? r.createdAt.getTime(),
    ...(r.mlflow?.endTime != null ? { end_time: r.mlflow.endTime } : {}),
    artifact_uri: "",
    lifecycle_stage: r.deletedAt ? "deleted" : "active",
  };
}

const pairs = (o: Record<string, string> | undefined) =>
  Object.entries(o ?? {}).map(([key, value]) => ({ key, value }));

export function toMlflowRun(r: typeof runs.$inferSelect, metrics: MlflowMetricOut[]) {
  return {
    info: toMlflowRunInfo(r),
    data: { metrics, params: pairs(r.mlflow?.params), tags: pairs(r.mlflow?.tags) },
    inputs: {},
    outputs: {},
  };
}
