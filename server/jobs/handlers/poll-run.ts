import { jobKeys } from "@/server/jobs/contracts";
import { defineJob } from "@/server/jobs/define";
import { enqueueJob } from "@/server/jobs/enqueue";
import { pollRun } from "@/server/services/runs/poll-run";
import { leaseSeconds } from "./lease";

// Each poll job consumes events for a slice and then hands over to a fresh job, so a training run
// never pins a worker slot for hours and a restarted worker picks up at the stored cursor.
const SLICE_MS = Number(process.env.TUNEBENCH_POLL_SLICE_MS) || 15_000;
const NEXT_POLL_MS = 500;

export const pollRunJob = defineJob({
  kind: "run.poll",
  leaseSeconds: leaseSeconds(),
  async handler({ ctx, payload, job, signal }) {
    const finished = await pollRun(ctx.db, payload.runId, { sliceMs: SLICE_MS, signal });
    if (!finished) {
      await enqueueJob(ctx.db, {
        kind: "run.poll",
        payload,
        key: jobKeys.pollRunAfter(payload.runId, job.id),
        runAt: new Date(Date.now() + NEXT_POLL_MS),
      });
    }
  },
});
