import { and, eq } from "drizzle-orm";
import { datasetExamples, datasets, datasetVersions } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { withTransaction } from "@/server/db";
import type { DatasetSource } from "@/server/schemas/datasets";
import type { PreparedDataset } from "./prepare-dataset";

const BATCH = 1000;

/**
 * Stores a validated dataset as a version of the project's dataset `name`, with its examples, in
 * one transaction: nothing is half-written. The same content again resolves to the stored
 * version (`reused`).
 */
export async function storeVersion(
  db: Db,
  args: { projectId: string; name: string; dataset: PreparedDataset; source?: DatasetSource },
) {
  const { projectId, name, dataset: ds } = args;
  return withTransaction(db, async (tx) => {
    await tx.insert(datasets).values({ projectId, name }).onConflictDoNothing();
    const [dataset] = await tx
      .select()
      .from(datasets)
      .where(and(eq(datasets.projectId, projectId), eq(datasets.name, name)));
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
        source: args.source ?? null,
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
        extraReferences: e.references ?? null,
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
