import { z } from "zod";
import { defineJob } from "@/server/jobs/define";
import {
  CHECKPOINT_JOB,
  evaluateCheckpoint,
  failCheckpointEvaluation,
} from "@/server/services/checkpoints/evaluate-checkpoint";
import { leaseSeconds } from "./payloads";

/** Evaluates one intermediate checkpoint of a run (checkpoints.evaluate queues it). */
export const evaluateCheckpointJob = defineJob({
  kind: CHECKPOINT_JOB,
  payload: z.object({ runId: z.string().min(1), step: z.number().int().min(0) }),
  leaseSeconds: leaseSeconds(),
  maxAttempts: 3,
  async handler({ ctx, payload, job }) {
    try {
      await evaluateCheckpoint(ctx.db, payload.runId, payload.step);
    } catch (e) {
      if (job.attempts >= job.maxAttempts)
        await failCheckpointEvaluation(ctx.db, payload.runId, payload.step, (e as Error).message);
      throw e;
    }
  },
});
