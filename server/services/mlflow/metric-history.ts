import type { DomainCtx } from "@/server/ctx";
import { readSeriesChunks } from "@/server/services/metric-store";
import { mlflowRun } from "./mlflow-run";
import type { MlflowMetricOut } from "./to-mlflow";

/** Every stored point of one metric of a run from `fromStep`, in step order. */
async function series(ctx: DomainCtx, runId: string, key: string, fromStep = 0) {
  const chunks = await readSeriesChunks(ctx.db, runId, key, { fromStep, withTime: true });
  const out: MlflowMetricOut[] = [];
  for (const c of chunks)
    c.steps.forEach((step, i) => {
      if (step >= fromStep) out.push({ key, value: c.values[i]!, timestamp: c.times![i]!, step });
    });
  return out;
}

/** metrics/get-history: pages by step; next_page_token is the first step of the next page. */
export async function getMlflowMetricHistory({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { run_id: string; metric_key: string; max_results?: number; page_token?: string };
}) {
  const run = await mlflowRun(ctx.db, ctx, input.run_id);
  const from = Number(input.page_token ?? 0);
  const points = await series(ctx, run.id, input.metric_key, Number.isSafeInteger(from) ? from : 0);
  if (input.max_results === undefined || points.length <= input.max_results)
    return { metrics: points };
  const page = points.slice(0, input.max_results);
  return { metrics: page, next_page_token: String(points[input.max_results]!.step) };
}

/**
 * metrics/get-history-bulk-interval (the MLflow UI's charts): per run, at most max_results points
 * between start_step and end_step, sampled evenly by position and always keeping the last one.
 */
export async function getMlflowMetricHistoryBulkInterval({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: {
    run_ids: string[];
    metric_key: string;
    start_step?: number;
    end_step?: number;
    max_results: number;
  };
}) {
  const metrics: (MlflowMetricOut & { run_id: string })[] = [];
  for (const runId of input.run_ids) {
    const run = await mlflowRun(ctx.db, ctx, runId);
    const all = (await series(ctx, run.id, input.metric_key, input.start_step)).filter(
      (p) => input.end_step === undefined || p.step <= input.end_step,
    );
    const n = Math.min(all.length, input.max_results);
    const picked = new Set<number>();
    for (let i = 0; i < n; i++)
      picked.add(n === 1 ? all.length - 1 : Math.round((i * (all.length - 1)) / (n - 1)));
    for (const i of [...picked].sort((a, b) => a - b)) metrics.push({ ...all[i]!, run_id: run.id });
  }
  return { metrics };
}
