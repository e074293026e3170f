import { and, eq } from "drizzle-orm";
import { datasetExamples, datasets, datasetVersions } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { badRequest } from "@/server/errors";
import { UploadDatasetInput } from "@/server/schemas/datasets";
import { prepareDataset } from "./prepare-dataset";

const BATCH = 1000;

/**
 * Validates every line, then stores the dataset version and its examples in one transaction: a
 * refused upload stores nothing. The same content uploaded again resolves to the stored version.
 */
export async function uploadDataset({ ctx, input }: { ctx: DomainCtx; input: UploadDatasetInput }) {
  const projectId = projectOf(ctx);
  const data = UploadDatasetInput.parse(input);
  const prepared = prepareDataset(data);
  if (!prepared.ok)
    throw badRequest(prepared.message, { errors: prepared.errors, more: prepared.more });
  const ds = prepared.dataset;

  return withTransaction(ctx.db, async (tx) => {
    await tx.insert(datasets).values({ projectId, name: data.name }).onConflictDoNothing();
    const [dataset] = await tx
      .select()
      .from(datasets)
      .where(and(eq(datasets.projectId, projectId), eq(datasets.name, data.name)));
    const [existing] = await tx
      .select()
      .from(datasetVersions)
      .where(
        and(eq(datasetVersions.datasetId, dataset!.id), eq(datasetVersions.contentHash, ds.hash)),
      );
    if (existing) return summary(dataset!, existing, true);

    const [version] = await tx
      .insert(datasetVersions)
      .values({
        projectId,
        datasetId: dataset!.id,
        contentHash: ds.hash,
        format: ds.format,
        kind: ds.kind,
        trainCount: ds.train.length,
        evalCount: ds.eval.length,
        split: ds.split,
        stats: ds.stats,
      })
      .returning();
    const rows = (["train", "eval"] as const).flatMap((split) =>
      ds[split].map((e, idx) => ({
        versionId: version!.id,
        split,
        idx,
        sourceLine: e.line,
        messages: e.messages,
        reference: e.messages[e.messages.length - 1]!.content,
        rejected: e.rejected ?? null,
      })),
    );
    for (let i = 0; i < rows.length; i += BATCH)
      await tx.insert(datasetExamples).values(rows.slice(i, i + BATCH));
    return summary(dataset!, version!, false);
  });
}

type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];
function summary(
  dataset: Row<typeof datasets>,
  version: Row<typeof datasetVersions>,
  reused: boolean,
) {
  return {
    datasetId: dataset.id,
    versionId: version.id,
    trainCount: version.trainCount,
    evalCount: version.evalCount,
    reused,
    dataset,
    version,
  };
}
