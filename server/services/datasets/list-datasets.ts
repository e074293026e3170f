import { desc, eq } from "drizzle-orm";
import { datasets, datasetVersions } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";

/** Datasets of the project, each with its versions (newest first) and their counts and stats. */
export async function listDatasets({ ctx }: { ctx: DomainCtx; input?: unknown }) {
  const projectId = projectOf(ctx);
  const rows = await ctx.db
    .select()
    .from(datasets)
    .where(eq(datasets.projectId, projectId))
    .orderBy(desc(datasets.createdAt));
  const versions = await ctx.db
    .select()
    .from(datasetVersions)
    .where(eq(datasetVersions.projectId, projectId))
    .orderBy(desc(datasetVersions.createdAt));
  // Every dataset has at least one version: both are written in the same transaction.
  return rows.map((d) => {
    const own = versions.filter((v) => v.datasetId === d.id);
    return { ...d, versions: own, versionCount: own.length, latest: own[0]! };
  });
}
