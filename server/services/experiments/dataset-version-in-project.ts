import { and, eq } from "drizzle-orm";
import { datasetVersions } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { badRequest } from "@/server/errors";

/** The dataset version an experiment names, which must be one of its project's. */
export async function datasetVersionInProject(db: Db, projectId: string, versionId: string) {
  const [version] = await db
    .select()
    .from(datasetVersions)
    .where(and(eq(datasetVersions.id, versionId), eq(datasetVersions.projectId, projectId)));
  if (!version) throw badRequest("That dataset version does not exist in this project.");
  return version;
}
