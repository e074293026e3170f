import { and, desc, eq, sql } from "drizzle-orm";
import { evaluations, experiments, runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";

export type ExperimentBest = {
  runId: string;
  runName: string;
  score: number;
  baseline: number | null;
};

/** The project's experiments, newest first, with run counts by status (baseline excluded) and the
 *  best evaluated run on the primary metric beside the base model's score. */
export async function listExperiments({ ctx }: { ctx: DomainCtx; input?: unknown }) {
  const projectId = projectOf(ctx);
  const rows = await ctx.db
    .select()
    .from(experiments)
    .where(eq(experiments.projectId, projectId))
    .orderBy(desc(experiments.createdAt));
  const counts = await ctx.db
    .select({ experimentId: runs.experimentId, status: runs.status, n: sql<number>`count(*)::int` })
    .from(runs)
    .where(sql`${runs.projectId} = ${projectId} and not ${runs.isBaseline}`)
    .groupBy(runs.experimentId, runs.status);
  const best = await bestScores(ctx, projectId);
  return rows.map((e) => {
    const byStatus = Object.fromEntries(
      counts.filter((c) => c.experimentId === e.id).map((c) => [c.status, c.n]),
    ) as Record<string, number>;
    return {
      ...e,
      runCount: Object.values(byStatus).reduce((a, b) => a + b, 0),
      runsByStatus: byStatus,
      best: best.get(e.id) ?? null,
    };
  });
}

/** One row per experiment and kind (run or baseline): its highest primary-metric score. */
async function bestScores(ctx: DomainCtx, projectId: string): Promise<Map<string, ExperimentBest>> {
  const score = sql<
    number | null
  >`((${evaluations.scores} -> (${experiments.evalSuite} ->> 'primaryMetric')) ->> 'score')::float8`;
  const top = await ctx.db
    .selectDistinctOn([evaluations.experimentId, runs.isBaseline], {
      experimentId: evaluations.experimentId,
      isBaseline: runs.isBaseline,
      runId: runs.id,
      runName: runs.name,
      score,
    })
    .from(evaluations)
    .innerJoin(runs, eq(runs.id, evaluations.runId))
    .innerJoin(experiments, eq(experiments.id, evaluations.experimentId))
    .where(and(eq(evaluations.projectId, projectId), eq(evaluations.status, "completed")))
    .orderBy(evaluations.experimentId, runs.isBaseline, sql`${score} desc nulls last`);
  const out = new Map<string, ExperimentBest>();
  for (const r of top.filter((r) => !r.isBaseline && r.score !== null)) {
    const baseline =
      top.find((b) => b.isBaseline && b.experimentId === r.experimentId)?.score ?? null;
    out.set(r.experimentId, { runId: r.runId, runName: r.runName, score: r.score!, baseline });
  }
  return out;
}
