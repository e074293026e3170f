import { desc, eq, sql } from "drizzle-orm";
import { experiments, runs } from "@/drizzle/schema";
import { projectOf, type DomainCtx } from "@/server/services/datasets/scope";

/** The project's experiments, newest first, with run counts by status (baseline excluded). */
export async function listExperiments({ ctx }: { ctx: DomainCtx; input?: unknown }) {
  const projectId = projectOf(ctx);
  const rows = await ctx.db.select().from(experiments).where(eq(experiments.projectId, projectId)).orderBy(desc(experiments.createdAt));
  const counts = await ctx.db
    .select({ experimentId: runs.experimentId, status: runs.status, n: sql<number>`count(*)::int` })
    .from(runs)
    .where(sql`${runs.projectId} = ${projectId} and not ${runs.isBaseline}`)
    .groupBy(runs.experimentId, runs.status);
  return rows.map((e) => {
    const byStatus = Object.fromEntries(counts.filter((c) => c.experimentId === e.id).map((c) => [c.status, c.n])) as Record<string, number>;
    return { ...e, evalSuite: e.evalSuite as EvalSuiteOut, runCount: Object.values(byStatus).reduce((a, b) => a + b, 0), runsByStatus: byStatus };
  });
}

type EvalSuiteOut = import("@/server/schemas/experiments").EvalSuite;
