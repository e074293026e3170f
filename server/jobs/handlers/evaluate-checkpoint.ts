import { defineJob } from "@/server/jobs/define";
import {
  evaluateCheckpoint,
  failCheckpointEvaluation,
} from "@/server/services/checkpoints/evaluate-checkpoint";
import { leaseSeconds } from "./lease";

/** Evaluates one intermediate checkpoint of a run (checkpoints.evaluate queues it). */
export const evaluateCheckpointJob = defineJob({
  kind: "checkpoint.evaluate",
  leaseSeconds: leaseSeconds(),
  async handler({ ctx, payload }) {
    await evaluateCheckpoint(ctx.db, payload.runId, payload.step);
  },
  async onFinalFailure({ ctx, payload, error }) {
    await failCheckpointEvaluation(ctx.db, payload.runId, payload.step, error.message);
  },
});
