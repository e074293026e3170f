import { and, eq, sql } from "drizzle-orm";
import { runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import type { Db } from "@/server/db";
import { ServiceError } from "@/server/errors";
import type { MlflowRunData } from "@/server/schemas/mlflow";
import { type PackedChunkRow, packedColumns, unpackChunk } from "@/server/services/metric-store";
import type { MlflowMetricOut } from "./to-mlflow";

/** A run of the caller's project that an MLflow client logged (runs.mlflow set), locked for update
 *  when `lock`; `active` refuses a soft-deleted one, as MLflow refuses writes to deleted runs. */
export async function mlflowRun(
  db: Db,
  ctx: DomainCtx,
  runId: string,
  opts: { lock?: boolean; active?: boolean } = {},
): Promise<typeof runs.$inferSelect & { mlflow: MlflowRunData }> {
  const query = db
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.projectId, projectOf(ctx))));
  const [run] = opts.lock ? await query.for("update") : await query;
  if (!run)
    throw new ServiceError("NOT_FOUND", `Run with id=${runId} not found`, {
      mlflowCode: "RESOURCE_DOES_NOT_EXIST",
    });
  if (!run.mlflow)
    throw badParam(
      `Run ${runId} was trained by Tunebench, not logged through the MLflow API; it cannot be written to from here.`,
    );
  if (opts.active && run.deletedAt)
    throw badParam(`The run ${runId} must be in the 'active' state. Current state is deleted.`);
  return run as typeof run & { mlflow: MlflowRunData };
}

export const badParam = (message: string) =>
  new ServiceError("BAD_REQUEST", message, { mlflowCode: "INVALID_PARAMETER_VALUE" });

/**
 * Per metric key, the point of the highest step, the latest timestamp among that step's points
 * (MLflow: the latest timestamp; trainers log steps in time order), over the chunk store and the
 * run's MLflow extras (store-metrics.ts), so a NaN logged last is what runs/get reads.
 */
export async function latestMetrics(db: Db, runId: string): Promise<MlflowMetricOut[]> {
  const { rows } = await db.execute<PackedChunkRow>(sql`
    SELECT DISTINCT ON (c.name) ${packedColumns(true)} FROM run_metric_chunks c
    WHERE c.run_id = ${runId} ORDER BY c.name, c.chunk DESC`);
  const latest = new Map<string, MlflowMetricOut>();
  for (const row of rows) {
    const c = unpackChunk(row);
    const last = c.steps.length - 1;
    latest.set(c.name, {
      key: c.name,
      value: c.values[last]!,
      timestamp: c.times![last]!,
      step: c.steps[last]!,
    });
  }
  const extras = await db.execute<{ name: string; step: number; time: number; value: number }>(sql`
    SELECT DISTINCT ON (name) name, step, time, value FROM mlflow_metric_extras
    WHERE run_id = ${runId} ORDER BY name, step DESC, time DESC`);
  for (const r of extras.rows) {
    const point = { key: r.name, value: Number(r.value), timestamp: Number(r.time), step: r.step };
    const charted = latest.get(r.name);
    if (
      !charted ||
      point.step > charted.step ||
      (point.step === charted.step && point.timestamp > charted.timestamp)
    )
      latest.set(r.name, point);
  }
  return [...latest.values()];
}
