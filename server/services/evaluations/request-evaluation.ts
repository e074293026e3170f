import { and, eq } from "drizzle-orm";
import { isTrained } from "@/core/run-status";
import { evaluations, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { conflict, notFound } from "@/server/errors";
import { enqueueJob } from "@/server/jobs/enqueue";

export type RequestEvaluationResult = {
  runId: string;
  jobId: string;
  /** false when the run's evaluation job already existed (queued, running or done). */
  created: boolean;
  status: string;
  evaluated: boolean;
};

/**
 * Asks for a run's evaluation through the one run.evaluate job keyed by run, the same job that
 * training completion enqueues: however many triggers (REST, CLI, hooks, retries) arrive, a run is
 * evaluated once. Only runs that finished training can be evaluated.
 */
export async function requestEvaluation(
  db: Db,
  input: { projectId: string; runId: string },
): Promise<RequestEvaluationResult> {
  const [run] = await db
    .select({ id: runs.id, status: runs.status })
    .from(runs)
    .where(and(eq(runs.id, input.runId), eq(runs.projectId, input.projectId)));
  if (!run) throw notFound("Run");
  if (!isTrained(run.status)) {
    throw conflict(
      `Run ${run.id} is ${run.status}; only a run that finished training (succeeded) can be evaluated.`,
      { status: run.status },
    );
  }
  const job = await enqueueJob(db, { kind: "run.evaluate", payload: { runId: run.id } });
  const [evaluation] = await db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(eq(evaluations.runId, run.id));
  return {
    runId: run.id,
    jobId: job.id,
    created: job.created,
    status: run.status,
    evaluated: !!evaluation,
  };
}
