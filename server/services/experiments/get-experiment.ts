import { and, eq, sql } from "drizzle-orm";
import { datasets, datasetVersions, experiments, runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import type { ExperimentIdInput } from "@/server/schemas/experiments";

export async function getExperiment({ ctx, input }: { ctx: DomainCtx; input: ExperimentIdInput }) {
  const projectId = projectOf(ctx);
  const [row] = await ctx.db
    .select({ experiment: experiments, version: datasetVersions, datasetName: datasets.name })
    .from(experiments)
    .leftJoin(datasetVersions, eq(datasetVersions.id, experiments.datasetVersionId))
    .leftJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(and(eq(experiments.id, input.experimentId), eq(experiments.projectId, projectId)));
  if (!row) throw notFound("Experiment");
  const [{ n }] = (await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(runs)
    .where(and(eq(runs.experimentId, row.experiment.id), eq(runs.isBaseline, false)))) as [
    { n: number },
  ];
  const e = row.experiment;
  return {
    ...e,
    runCount: n,
    dataset: row.version
      ? {
          id: row.version.datasetId,
          versionId: row.version.id,
          name: row.datasetName ?? "",
          trainCount: row.version.trainCount,
          evalCount: row.version.evalCount,
          contentHash: row.version.contentHash,
        }
      : null,
  };
}
