import { and, eq } from "drizzle-orm";
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
} from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import { enqueueJob } from "@/server/jobs/enqueue";
import { type AddressPolicy, type Resolve, webhookAddressPolicy } from "./address-policy";
import { openEndpointSecret } from "./endpoint-secret";
import { postWebhook, RefusedAddressError } from "./post-webhook";
import { nextAttemptAt, type RetrySchedule, retrySchedule } from "./schedule";
import { signedHeaders, webhookPayload } from "./sign";

const RESPONSE_LIMIT = 2048;

export type DeliverInput = { deliveryId: string; round: number; attempt: number };
export type DeliverOptions = {
  timeoutMs?: number;
  schedule?: RetrySchedule;
  signal?: AbortSignal;
  /** Which addresses may be called (default: from the environment, see address-policy.ts). */
  policy?: AddressPolicy;
  resolve?: Resolve;
};

/**
 * Makes attempt `attempt` of a delivery: POSTs the signed event, logs the attempt, and on failure
 * enqueues the next attempt at its backoff time (or gives up after the last). The attempt log row,
 * the delivery's state and the next job are written in one transaction. A stale job (a newer
 * redelivery round, an attempt already made) does nothing, so the queue may run a job twice.
 */
export async function deliverWebhook(
  db: Db,
  input: DeliverInput,
  opts: DeliverOptions = {},
): Promise<"succeeded" | "retrying" | "failed" | "skipped"> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, event: webhookEvents, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, input.deliveryId));
  if (!row) return "skipped"; // endpoint or event deleted since
  const { delivery, event, endpoint } = row;
  if (
    delivery.round !== input.round ||
    delivery.status !== "pending" ||
    delivery.attempts >= input.attempt
  )
    return "skipped";

  const at = new Date();
  const payload = webhookPayload(event.type, event.data, at);
  // Failures no retry can fix end the delivery at once (logged like any attempt).
  let permanent: string | null = null;
  let secret = "";
  if (!endpoint.enabled) permanent = "endpoint disabled: not sent";
  else {
    try {
      secret = openEndpointSecret(endpoint.projectId, endpoint.id, endpoint.secretCiphertext);
    } catch (e) {
      permanent = `cannot decrypt the endpoint's signing secret (${(e as Error).message}); rotate it`;
    }
  }
  const started = performance.now();
  let statusCode: number | null = null;
  let response: string | null = null;
  let error: string | null = permanent;
  if (!permanent) {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
    try {
      const res = await postWebhook(endpoint.url, {
        headers: {
          "content-type": "application/json",
          "user-agent": "Tunebench-Webhooks/1",
          ...signedHeaders(secret, delivery.id, at, payload),
        },
        body: payload,
        responseLimit: RESPONSE_LIMIT,
        signal: AbortSignal.any([timeout, ...(opts.signal ? [opts.signal] : [])]),
        policy: opts.policy ?? webhookAddressPolicy(),
        resolve: opts.resolve,
      });
      statusCode = res.status;
      response = res.response;
    } catch (e) {
      // The worker is stopping: hand the job back rather than log an attempt the endpoint never saw.
      if (opts.signal?.aborted) throw e;
      if (e instanceof RefusedAddressError) permanent = e.message;
      error = timeout.aborted ? "timed out" : (e as Error).message.slice(0, 500);
    }
  }
  const latencyMs = Math.round(performance.now() - started);
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
  const next =
    ok || permanent ? null : nextAttemptAt(input.attempt, opts.schedule ?? retrySchedule());
  const status = ok ? "succeeded" : next ? "pending" : "failed";

  await withTransaction(db, async (tx) => {
    await tx.insert(webhookAttempts).values({
      deliveryId: delivery.id,
      attempt: input.attempt,
      round: input.round,
      statusCode,
      latencyMs,
      response,
      error,
      nextRetryAt: next,
    });
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({
        attempts: input.attempt,
        lastStatusCode: statusCode,
        status,
        nextAttemptAt: next,
        updatedAt: new Date(),
      })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.round, input.round)))
      .returning({ id: webhookDeliveries.id });
    if (updated && next) {
      await enqueueJob(tx, {
        kind: "webhook.deliver",
        payload: { ...input, attempt: input.attempt + 1 },
        runAt: next,
      });
    }
  });
  return ok ? "succeeded" : next ? "retrying" : "failed";
}
