import { and, eq } from "drizzle-orm";
import { isTrained } from "@/core/run-status";
import { evaluations, jobs, runs } from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import { conflict, notFound } from "@/server/errors";
import { evaluateRunKey } from "@/server/jobs/contracts";
import { enqueueJob } from "@/server/jobs/enqueue";
import { nudgeWorkers } from "@/server/jobs/nudge";
import { requeueFailedJob } from "@/server/jobs/queue";
import { transitionRun } from "@/server/services/runs/transition-run";

export type RequestEvaluationResult = {
  runId: string;
  jobId: string;
  /** false when the run's evaluation job already existed (queued, running or done); true when
   *  it was enqueued, or queued again after it had failed. */
  created: boolean;
  status: string;
  evaluated: boolean;
};

/**
 * Asks for a run's evaluation through the one run.evaluate job keyed by run, the same job that
 * training completion enqueues: however many triggers (REST, CLI, hooks, retries) arrive, a run is
 * evaluated once. Only runs that finished training can be evaluated. A run whose evaluation failed
 * for good is evaluated afresh: its job is queued again and the run goes back to "evaluating".
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
  if (run.status === "failed") return retryFailedEvaluation(db, run.id);
  if (!isTrained(run.status)) throw notTrained(run);
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

const notTrained = (run: { id: string; status: string }) =>
  conflict(
    `Run ${run.id} is ${run.status}; only a run that finished training (succeeded) can be evaluated.`,
    { status: run.status },
  );

/** A failed run has an evaluation job only if its training finished: that job failing is what
 *  failed the run. The run moves and the job is queued again in one transaction. */
async function retryFailedEvaluation(db: Db, runId: string): Promise<RequestEvaluationResult> {
  const key = evaluateRunKey(runId);
  const job = await withTransaction(db, async (tx) => {
    const [existing] = await tx.select({ status: jobs.status }).from(jobs).where(eq(jobs.key, key));
    if (!existing) throw notTrained({ id: runId, status: "failed" });
    const requeued = await requeueFailedJob(tx, key);
    if (!requeued)
      throw conflict(
        `Run ${runId}'s evaluation is still finishing its last attempt; ask again in a moment.`,
        { status: "failed" },
      );
    await transitionRun(tx, runId, "evaluating", { error: null });
    return requeued;
  });
  nudgeWorkers();
  return { runId, jobId: job.id, created: true, status: "evaluating", evaluated: false };
}
