import { eq } from "drizzle-orm";
import { experiments, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { notFound } from "@/server/errors";
import { loadSettings } from "@/server/services/settings/get-settings";
import type { ArtifactScope } from "./artifact-location";

/** The backend that trained the run (its job's, else its experiment's) and the project's SageMaker
 *  bucket (its settings, else the environment's). */
export async function artifactScope(db: Db, runId: string): Promise<ArtifactScope> {
  const [run] = await db
    .select({ projectId: runs.projectId, ref: runs.externalRef, backend: experiments.backend })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(eq(runs.id, runId));
  if (!run) throw notFound("Run");
  const { sagemaker } = await loadSettings(db, run.projectId);
  const bucket = sagemaker.bucket || process.env.TUNEBENCH_SAGEMAKER_BUCKET || null;
  const ref = run.ref as { backend?: string } | null;
  return { runId, backend: ref?.backend ?? run.backend, bucket };
}
