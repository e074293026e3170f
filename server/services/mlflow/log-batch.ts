import { eq } from "drizzle-orm";
import { runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import type { LogBatch } from "@/server/schemas/mlflow";
import { badParam, mlflowRun } from "./mlflow-run";
import { storeMlflowMetrics } from "./store-metrics";

/**
 * runs/log-batch, and log-metric, log-parameter and set-tag as batches of one. All or nothing, in
 * one transaction under the run's row lock: params are write-once (the same value again is a
 * no-op, a different one an error, as MLflow), tags overwrite (the last in the request wins), and
 * metrics append as in MLflow (store-metrics.ts).
 */
export async function logMlflowBatch({ ctx, input }: { ctx: DomainCtx; input: LogBatch }) {
  const keys = input.params.map((p) => p.key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice !== undefined)
    throw badParam(`Duplicate parameter key '${twice}' in the batch: each key may be logged once.`);
  return withTransaction(ctx.db, async (tx) => {
    const run = await mlflowRun(tx, ctx, input.run_id, { lock: true, active: true });
    const params = { ...run.mlflow.params };
    for (const p of input.params) {
      const old = params[p.key];
      if (old !== undefined && old !== p.value)
        throw badParam(
          `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old}' for run ID='${run.id}'. Attempted logging new value '${p.value}'.`,
        );
      params[p.key] = p.value;
    }
    const tags = { ...run.mlflow.tags };
    for (const t of input.tags) tags[t.key] = t.value;
    const renamed = input.tags.findLast((t) => t.key === "mlflow.runName")?.value;
    if (input.params.length || input.tags.length)
      await tx
        .update(runs)
        .set({ mlflow: { ...run.mlflow, params, tags }, ...(renamed ? { name: renamed } : {}) })
        .where(eq(runs.id, run.id));
    if (input.metrics.length) await storeMlflowMetrics(tx, run.id, input.metrics);
    return {};
  });
}
