import type { Db } from "@/server/db";
import { claimJobs, failJob, releaseJob } from "@/server/jobs";
import { failEvaluation } from "@/server/services/evaluations";

/** What the queue does when a run's evaluation job runs out of attempts: the handler marks the run
 *  failed, then the job fails for good. Claims the run's queued evaluation job to do it. */
export async function failEvaluationForGood(db: Db, runId: string, error: string) {
  const claimed = await claimJobs(db, {
    workerId: "test",
    kinds: ["run.evaluate"],
    limit: 100,
    leaseSeconds: 60,
  });
  const job = claimed.find((j) => j.key === `evaluate:${runId}`);
  if (!job) throw new Error(`run ${runId} has no queued evaluation job`);
  await failEvaluation(db, runId, error);
  await failJob(db, job, error, null);
  for (const other of claimed) if (other !== job) await releaseJob(db, other); // uncounted
}
