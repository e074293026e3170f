import { defineJob } from "@/server/jobs/define";
import { evaluateRun, failEvaluation } from "@/server/services/evaluations";
import { RUN_JOBS } from "@/server/services/runs/job-kinds";
import { leaseSeconds, RunJobPayload } from "./payloads";

/** Evaluates a succeeded run (or an experiment's baseline); enqueued once per run by key. */
export const evaluateRunJob = defineJob({
  kind: RUN_JOBS.evaluate,
  payload: RunJobPayload,
  leaseSeconds: leaseSeconds(),
  async handler({ ctx, payload, job }) {
    try {
      await evaluateRun(ctx.db, payload.runId);
    } catch (e) {
      // On the last attempt, record the failure on the run so it does not look stuck.
      if (job.attempts >= job.maxAttempts)
        await failEvaluation(ctx.db, payload.runId, (e as Error).message);
      throw e;
    }
  },
});
