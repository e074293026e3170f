import { type DomainCtx, projectOf } from "@/server/ctx";
import { badRequest } from "@/server/errors";
import { UploadDatasetInput } from "@/server/schemas/datasets";
import { prepareDataset } from "./prepare-dataset";
import { storeVersion } from "./store-version";

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
  return storeVersion(ctx.db, { projectId, name: data.name, dataset: prepared.dataset });
}
