import { existsSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { isTrained } from "@/core/run-status";
import { experiments, runArtifacts } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { badRequest } from "@/server/errors";
import type { AttachAdapterRequest } from "@/server/schemas/mlflow";
import { requestEvaluation } from "@/server/services/evaluations/request-evaluation";
import { evaluationTarget } from "@/server/services/experiments/evaluation-target";
import { checkArtifactLocation } from "./artifact-location";
import { artifactScope } from "./artifact-scope";
import { findRun } from "./get-run";

/**
 * Attaches the adapter of a run trained elsewhere (an external run, logged through the MLflow API)
 * and requests its evaluation, which then runs, is reviewed and ranked like any run's. The
 * location follows the rules of every reported artifact (checkArtifactLocation): a folder inside
 * the run's own work folder, symlinks resolved. The experiment needs a base model and dataset.
 */
export async function attachAdapter({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: AttachAdapterRequest & { runId: string };
}) {
  const run = await findRun(ctx, input.runId);
  if (run.externalRef?.backend !== "external")
    throw badRequest("Only an external run (logged through the MLflow API) takes an adapter.");
  if (!isTrained(run.status))
    throw badRequest(
      `The run is ${run.status}: attach its adapter once it has finished (MLflow status FINISHED).`,
    );
  const [experiment] = await ctx.db
    .select()
    .from(experiments)
    .where(eq(experiments.id, run.experimentId));
  evaluationTarget(experiment!);
  const where = checkArtifactLocation(input.location, await artifactScope(ctx.db, run.id));
  if (!where.ok) throw badRequest(`location ${where.reason}`);
  if (where.kind === "uri")
    throw badRequest(
      "location: external runs are evaluated by the local worker, which reads a folder on this server; s3:// adapters are not supported for them yet.",
    );
  if (!existsSync(path.join(where.location, "adapter_config.json")))
    throw badRequest("location: the folder holds no adapter_config.json (a PEFT adapter folder).");
  return withTransaction(ctx.db, async (tx) => {
    await tx
      .insert(runArtifacts)
      .values({ runId: run.id, kind: "adapter", path: where.location })
      .onConflictDoUpdate({
        target: [runArtifacts.runId, runArtifacts.kind],
        set: { path: where.location },
      });
    return requestEvaluation(tx, { projectId: projectOf(ctx), runId: run.id });
  });
}
