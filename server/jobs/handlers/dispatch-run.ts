import { jobKeys } from "@/server/jobs/contracts";
import { defineJob } from "@/server/jobs/define";
import { enqueueJob } from "@/server/jobs/enqueue";
import { dispatchRun } from "@/server/services/runs/dispatch-run";
import { leaseSeconds } from "./lease";

const BUSY_RETRY_MS = 2000;

/** Submits a queued run; when the local slot is taken, tries again shortly as a new job. */
export const dispatchRunJob = defineJob({
  kind: "run.dispatch",
  leaseSeconds: leaseSeconds(),
  async handler({ ctx, payload, job }) {
    const result = await dispatchRun(ctx.db, payload.runId);
    if (result === "busy") {
      await enqueueJob(ctx.db, {
        kind: "run.dispatch",
        payload,
        key: jobKeys.dispatchRunAfter(payload.runId, job.id),
        runAt: new Date(Date.now() + BUSY_RETRY_MS),
      });
    }
  },
});
