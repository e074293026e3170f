import { rmSync } from "node:fs";
import { eq } from "drizzle-orm";
import { runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { ServiceError } from "@/server/errors";
import { PermanentJobError } from "@/server/jobs/define";
import { loadSettings } from "@/server/services/settings/get-settings";
import {
  artifactS3Client,
  downloadPrefix,
  PrefixRefused,
} from "@/trainers/sagemaker/download-prefix";
import { checkArtifactLocation } from "./artifact-location";
import { artifactScope } from "./artifact-scope";
import { attachOutput, scratchDir } from "./attach/attach-output";
import { checkAttachable } from "./attach/attachable-run";
import { AttachProblem, attachLimits } from "./attach/limits";
import { outputLayout, outputRoot } from "./attach/output-layout";
import { safeEntryPath } from "./attach/safe-entry-path";

/**
 * The run.fetch-output job: downloads an external run's adapter or model folder from
 * `s3://bucket/prefix` (the project's bucket, checked again: settings may have changed since the
 * request) into a scratch folder inside the run's folder, checks its layout as an upload's, and
 * attaches it (attachOutput), which requests the evaluation. What retrying cannot fix (a refused
 * location, key or layout, a run no longer attachable) fails the job for good, with the reason as
 * its error; network errors retry. A run evaluated meanwhile ends the job quietly.
 */
export async function fetchRunOutput(db: Db, input: { runId: string; uri: string }) {
  const [run] = await db.select().from(runs).where(eq(runs.id, input.runId));
  if (!run || run.status === "evaluating" || run.status === "evaluated") return;
  const scratch = scratchDir(run.id);
  try {
    await checkAttachable(db, run);
    const where = checkArtifactLocation(input.uri, await artifactScope(db, run.id));
    if (!where.ok || where.kind !== "uri") throw new AttachProblem(`location ${reasonOf(where)}`);
    const s3 = await projectS3Client(db, run.projectId);
    await downloadPrefix(s3, input.uri, scratch, attachLimits(), safeEntryPath);
    const root = outputRoot(scratch);
    const layout = outputLayout(root);
    await attachOutput(db, {
      projectId: run.projectId,
      runId: run.id,
      folder: root,
      layout,
      place: true,
    });
  } catch (e) {
    if (e instanceof AttachProblem || e instanceof PrefixRefused || e instanceof ServiceError)
      throw new PermanentJobError(`${input.uri}: ${e.message}`);
    throw e;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const reasonOf = (where: { ok: boolean; reason?: string }) =>
  where.reason ?? "must be an s3:// URI in the project's bucket";

async function projectS3Client(db: Db, projectId: string) {
  const { sagemaker } = await loadSettings(db, projectId);
  const env = process.env;
  const region = sagemaker.region || env.TUNEBENCH_SAGEMAKER_REGION || env.AWS_REGION;
  if (!region)
    throw new AttachProblem(
      "no AWS region: set the project's SageMaker region (settings) or TUNEBENCH_SAGEMAKER_REGION",
    );
  return artifactS3Client({ region, endpoint: env.TUNEBENCH_SAGEMAKER_ENDPOINT_URL || undefined });
}
