import { eq } from "drizzle-orm";
import { experiments } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import type { Db } from "@/server/db";
import { badRequest, conflict } from "@/server/errors";
import { evaluationFailed } from "@/server/schemas/runs";
import { evaluationTarget } from "@/server/services/experiments/evaluation-target";
import { findRun } from "../get-run";

/**
 * The run an adapter or model folder may be attached to: an external run (trained elsewhere) that
 * finished and has not been evaluated (or whose evaluation failed: attaching again retries it), in
 * an experiment with a base model and dataset. Checked before any byte is read, and again when the
 * output is stored (attachOutput), since an upload or an S3 fetch takes a while.
 */
export async function attachableRun(ctx: DomainCtx, runId: string) {
  const run = await findRun(ctx, runId);
  await checkAttachable(ctx.db, run);
  return run;
}

export async function checkAttachable(
  db: Db,
  run: { externalRef: { backend?: string } | null; status: string; error: string | null } & {
    experimentId: string;
  },
) {
  if (run.externalRef?.backend !== "external")
    throw badRequest(
      "Only an external run (trained elsewhere, logged through the MLflow API) takes an adapter or model folder.",
    );
  if (run.status === "evaluating" || run.status === "evaluated")
    throw conflict(
      `The run is ${run.status} with the output attached before; its evaluation is not redone.`,
    );
  if (run.status !== "succeeded" && !evaluationFailed(run))
    throw badRequest(
      `The run is ${run.status}: attach its output once it has finished (MLflow status FINISHED).`,
    );
  const [experiment] = await db
    .select()
    .from(experiments)
    .where(eq(experiments.id, run.experimentId));
  evaluationTarget(experiment!);
}
