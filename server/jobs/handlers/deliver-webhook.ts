import { z } from "zod";
import { defineJob } from "@/server/jobs/define";
import { deliverWebhook } from "@/server/services/webhooks/deliver";
import { DELIVER_WEBHOOK_JOB } from "@/server/services/webhooks/job-kind";

/** One HTTP attempt of one outgoing webhook. HTTP failures are scheduled by the service (its own
 *  backoff, logged per attempt); a job retry only covers a crash or a database error. */
export const deliverWebhookJob = defineJob({
  kind: DELIVER_WEBHOOK_JOB,
  payload: z.object({
    deliveryId: z.string().min(1),
    round: z.number().int().min(0),
    attempt: z.number().int().min(1),
  }),
  maxAttempts: 3,
  leaseSeconds: 60,
  async handler({ ctx, payload, signal }) {
    await deliverWebhook(ctx.db, payload, { signal });
  },
});
