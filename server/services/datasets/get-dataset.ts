import { and, asc, desc, eq } from "drizzle-orm";
import { datasetExamples, datasets, datasetVersions } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import type { DatasetIdInput, DatasetVersionIdInput } from "@/server/schemas/datasets";

export async function getDataset({ ctx, input }: { ctx: DomainCtx; input: DatasetIdInput }) {
  const projectId = projectOf(ctx);
  const [dataset] = await ctx.db
    .select()
    .from(datasets)
    .where(and(eq(datasets.id, input.id), eq(datasets.projectId, projectId)));
  if (!dataset) throw notFound("Dataset");
  const versions = await ctx.db
    .select()
    .from(datasetVersions)
    .where(eq(datasetVersions.datasetId, dataset.id))
    .orderBy(desc(datasetVersions.createdAt));
  return { ...dataset, versions };
}

/** A page of a version's examples, for previews. */
export async function listDatasetExamples({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: DatasetVersionIdInput;
}) {
  const projectId = projectOf(ctx);
  const [version] = await ctx.db
    .select({ id: datasetVersions.id })
    .from(datasetVersions)
    .where(and(eq(datasetVersions.id, input.versionId), eq(datasetVersions.projectId, projectId)));
  if (!version) throw notFound("Dataset version");
  return ctx.db
    .select()
    .from(datasetExamples)
    .where(
      and(
        eq(datasetExamples.versionId, version.id),
        eq(datasetExamples.split, input.split ?? "eval"),
      ),
    )
    .orderBy(asc(datasetExamples.idx))
    .limit(input.limit ?? 50);
}
