import { defineJob } from "@/server/jobs/define";
import { enqueueJob } from "@/server/jobs/enqueue";
import { dispatchRun } from "@/server/services/runs/dispatch-run";
import { RUN_JOBS } from "@/server/services/runs/job-kinds";
import { leaseSeconds, RunJobPayload } from "./payloads";

const BUSY_RETRY_MS = 2000;

/** Submits a queued run; when the local slot is taken, tries again shortly as a new job. */
export const dispatchRunJob = defineJob({
  kind: RUN_JOBS.dispatch,
  payload: RunJobPayload,
  leaseSeconds: leaseSeconds(),
  async handler({ ctx, payload, job }) {
    const result = await dispatchRun(ctx.db, payload.runId);
    // Keyed by this job's id: a replay of this job re-enqueues the same follow-up, not a second one.
    if (result === "busy") {
      await enqueueJob(ctx.db, {
        kind: RUN_JOBS.dispatch,
        payload,
        key: `dispatch:${payload.runId}:after:${job.id}`,
        runAt: new Date(Date.now() + BUSY_RETRY_MS),
      });
    }
  },
});
