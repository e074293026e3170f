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

/** Per metric key, the point of the highest step (MLflow: the latest; steps grow with time). */
export async function latestMetrics(db: Db, runId: string): Promise<MlflowMetricOut[]> {
  const { rows } = await db.execute<PackedChunkRow>(sql`
    SELECT DISTINCT ON (c.name) ${packedColumns(true)} FROM run_metric_chunks c
    WHERE c.run_id = ${runId} ORDER BY c.name, c.chunk DESC`);
  return rows.map((row) => {
    const c = unpackChunk(row);
    const last = c.steps.length - 1;
    return {
      key: c.name,
      value: c.values[last]!,
      timestamp: c.times![last]!,
      step: c.steps[last]!,
    };
  });
}
