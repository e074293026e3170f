import { and, asc, eq, inArray } from "drizzle-orm";
import { runMetrics } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { RunMetricsInput } from "@/server/schemas/runs";
import { findRun } from "./get-run";

/** Metric series of a run ({ name, points: [{ step, value }] }), thinned for charts. */
export async function getRunMetrics({ ctx, input }: { ctx: DomainCtx; input: RunMetricsInput }) {
  const { runId, names, maxPoints } = RunMetricsInput.parse(input);
  const run = await findRun(ctx, runId);
  const where = names?.length
    ? and(eq(runMetrics.runId, run.id), inArray(runMetrics.name, names))
    : eq(runMetrics.runId, run.id);
  const rows = await ctx.db
    .select({ name: runMetrics.name, step: runMetrics.step, value: runMetrics.value })
    .from(runMetrics)
    .where(where)
    .orderBy(asc(runMetrics.name), asc(runMetrics.step));
  const byName = new Map<string, { step: number; value: number }[]>();
  for (const r of rows)
    (byName.get(r.name) ?? byName.set(r.name, []).get(r.name)!).push({
      step: r.step,
      value: r.value,
    });
  const series = [...byName].map(([name, points]) => ({ name, points: thin(points, maxPoints) }));
  return { runId: run.id, series };
}

function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const every = Math.ceil(points.length / max);
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}
