import { defineJob } from "@/server/jobs/define";
import { deliverWebhook } from "@/server/services/webhooks/deliver";

/** One HTTP attempt of one outgoing webhook. HTTP failures are scheduled by the service (its own
 *  backoff, logged per attempt); a job retry only covers a crash or a database error. */
export const deliverWebhookJob = defineJob({
  kind: "webhook.deliver",
  leaseSeconds: 60,
  async handler({ ctx, payload, signal }) {
    await deliverWebhook(ctx.db, payload, { signal });
  },
});
