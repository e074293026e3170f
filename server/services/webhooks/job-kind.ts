/** The job that performs one HTTP attempt of one outgoing webhook delivery. */
export const DELIVER_WEBHOOK_JOB = "webhook.deliver";

/** Job key of one attempt: a redelivery starts a new round, so its keys never collide. */
export const deliverJobKey = (deliveryId: string, round: number, attempt: number) =>
  `${DELIVER_WEBHOOK_JOB}:${deliveryId}:${round}:${attempt}`;
