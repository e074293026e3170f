import { type DomainCtx, projectOf } from "@/server/ctx";
import { badRequest } from "@/server/errors";
import { JOB_CONTRACTS } from "@/server/jobs/contracts";
import { enqueueJob } from "@/server/jobs/enqueue";
import { nudgeWorkers } from "@/server/jobs/nudge";
import { requeueFailedJob } from "@/server/jobs/queue";
import type { AttachAdapterRequest } from "@/server/schemas/mlflow";
import { checkArtifactLocation } from "./artifact-location";
import { artifactScope } from "./artifact-scope";
import { attachOutput } from "./attach/attach-output";
import { attachableRun } from "./attach/attachable-run";
import { AttachProblem } from "./attach/limits";
import { outputLayout } from "./attach/output-layout";

/**
 * Attaches the adapter or model folder of a run trained elsewhere (an external run, logged through
 * the MLflow API) from a location, and requests its evaluation, which then runs, is reviewed and
 * ranked like any run's. The location follows the rules of every reported artifact
 * (checkArtifactLocation): a folder inside the run's own work folder (symlinks resolved), attached
 * where it is, or an s3:// prefix in the project's bucket, which the run.fetch-output job
 * downloads into the run's folder before requesting the evaluation (`fetchJobId`; one job per run
 * and location, queued afresh when asked again after it failed).
 * Uploading an archive instead: uploadRunOutput.
 */
export async function attachAdapter({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: AttachAdapterRequest & { runId: string };
}) {
  const run = await attachableRun(ctx, input.runId);
  const where = checkArtifactLocation(input.location, await artifactScope(ctx.db, run.id));
  if (!where.ok) throw badRequest(`location ${where.reason}`);
  if (where.kind === "uri") {
    const payload = { runId: run.id, uri: where.location.replace(/\/+$/, "") };
    const job = await enqueueJob(ctx.db, { kind: "run.fetch-output", payload });
    // Asked again after it failed for good (the prefix since fixed): fetched afresh.
    const again = job.created
      ? null
      : await requeueFailedJob(ctx.db, JOB_CONTRACTS["run.fetch-output"].key(payload));
    nudgeWorkers();
    return { runId: run.id, layout: null, fetchJobId: again?.id ?? job.id, evaluation: null };
  }
  let layout: ReturnType<typeof outputLayout>;
  try {
    layout = outputLayout(where.location);
  } catch (e) {
    if (e instanceof AttachProblem) throw badRequest(`location: ${e.message}`);
    throw e;
  }
  const attached = await attachOutput(ctx.db, {
    projectId: projectOf(ctx),
    runId: run.id,
    folder: where.location,
    layout,
    place: false,
  });
  return { runId: run.id, fetchJobId: null, ...attached };
}
