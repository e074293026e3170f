import { and, eq, inArray } from "drizzle-orm";
import { evaluations, experiments, runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";

/** The runs (in the caller's project, in the order asked) with their experiment and evaluation. */
export async function loadRuns(ctx: DomainCtx, runIds: string[]) {
  const projectId = projectOf(ctx);
  const unique = [...new Set(runIds)];
  const rows = await ctx.db
    .select({
      run: runs,
      experiment: {
        id: experiments.id,
        evalSuite: experiments.evalSuite,
        backend: experiments.backend,
        datasetVersionId: experiments.datasetVersionId,
      },
      evaluation: evaluations,
    })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .leftJoin(evaluations, and(eq(evaluations.runId, runs.id), eq(evaluations.status, "completed")))
    .where(and(inArray(runs.id, unique), eq(runs.projectId, projectId)));
  const byId = new Map(rows.map((r) => [r.run.id, { ...r, suite: r.experiment.evalSuite }]));
  return unique.map((id) => {
    const r = byId.get(id);
    if (!r) throw notFound(`Run ${id}`);
    return r;
  });
}
export type LoadedRun = Awaited<ReturnType<typeof loadRuns>>[number];
