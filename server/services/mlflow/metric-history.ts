import { sql } from "drizzle-orm";
import type { DomainCtx } from "@/server/ctx";
import { readSeriesChunks } from "@/server/services/metric-store";
import { badParam, mlflowRun } from "./mlflow-run";
import type { MlflowMetricOut } from "./to-mlflow";

/**
 * Every logged point of one metric of a run from `fromStep`, ordered by step then timestamp: the
 * chunk store's points merged with the run's MLflow extras (store-metrics.ts). An extra equal to
 * the chunk's point at its step (a replayed batch can leave one) is the same point, listed once.
 */
async function series(ctx: DomainCtx, runId: string, key: string, fromStep = 0) {
  const chunks = await readSeriesChunks(ctx.db, runId, key, { fromStep, withTime: true });
  const out: MlflowMetricOut[] = [];
  const charted = new Map<number, MlflowMetricOut>();
  for (const c of chunks)
    c.steps.forEach((step, i) => {
      if (step < fromStep) return;
      const point = { key, value: c.values[i]!, timestamp: c.times![i]!, step };
      out.push(point);
      charted.set(step, point);
    });
  const { rows } = await ctx.db.execute<{ step: number; time: number; value: number }>(sql`
    SELECT step, time, value FROM mlflow_metric_extras
    WHERE run_id = ${runId} AND name = ${key} AND step >= ${fromStep}`);
  if (rows.length === 0) return out;
  for (const r of rows) {
    const point = { key, value: Number(r.value), timestamp: Number(r.time), step: Number(r.step) };
    const twin = charted.get(point.step);
    if (twin?.value !== point.value || twin.timestamp !== point.timestamp) out.push(point);
  }
  return out.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
}

/**
 * metrics/get-history: pages by position; next_page_token is "step:skip", the first step of the
 * next page and how many of that step's points were already returned (a step may hold several).
 */
export async function getMlflowMetricHistory({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: { run_id: string; metric_key: string; max_results?: number; page_token?: string };
}) {
  const run = await mlflowRun(ctx.db, ctx, input.run_id);
  const [from, skip] = parsePageToken(input.page_token);
  const points = (await series(ctx, run.id, input.metric_key, from)).slice(skip);
  if (input.max_results === undefined || points.length <= input.max_results)
    return { metrics: points };
  const page = points.slice(0, input.max_results);
  const next = points[input.max_results]!.step;
  const already = page.filter((p) => p.step === next).length + (next === from ? skip : 0);
  return { metrics: page, next_page_token: `${next}:${already}` };
}

function parsePageToken(token: string | undefined): [number, number] {
  const m = /^(\d{1,10}):(\d{1,10})$/.exec(token ?? "");
  if (token !== undefined && !m) throw badParam(`Invalid page_token '${token}'.`);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
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
