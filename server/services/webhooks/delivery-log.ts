import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { newId, webhookAttempts, webhookDeliveries, webhookEvents } from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import { notFound } from "@/server/errors";
import { enqueueJob } from "@/server/jobs/enqueue";
import { recordEvent } from "./emit-event";
import { findEndpoint } from "./endpoints";

/** An endpoint's newest deliveries, each with its attempts (newest first): the UI's delivery log. */
export async function listDeliveries(db: Db, projectId: string, endpointId: string, limit: number) {
  await findEndpoint(db, projectId, endpointId);
  const deliveries = await db
    .select({
      id: webhookDeliveries.id,
      eventType: webhookEvents.type,
      eventKey: webhookEvents.key,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      round: webhookDeliveries.round,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.projectId, projectId)),
    )
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
  const attempts = deliveries.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            deliveries.map((d) => d.id),
          ),
        )
        .orderBy(desc(webhookAttempts.createdAt))
    : [];
  return deliveries.map((d) => ({
    ...d,
    log: attempts
      .filter((a) => a.deliveryId === d.id)
      .map(
        ({ attempt, round, statusCode, latencyMs, response, error, nextRetryAt, createdAt }) => ({
          attempt,
          round,
          statusCode,
          latencyMs,
          response,
          error,
          nextRetryAt,
          createdAt,
        }),
      ),
  }));
}

/** A "webhook.test" event to this one endpoint, whatever it subscribes to. */
export async function sendTestEvent(
  db: Db,
  projectId: string,
  endpointId: string,
): Promise<{ deliveryId: string }> {
  await findEndpoint(db, projectId, endpointId);
  return withTransaction(db, async (tx) => {
    const res = await recordEvent(tx, {
      projectId,
      type: "webhook.test",
      key: `test:${newId()}`,
      data: { message: "A test event from Tunebench." },
      endpointIds: [endpointId],
    });
    const [d] = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, res!.eventId));
    return { deliveryId: d!.id };
  });
}

/** Sends a delivery again from attempt 1 of a new round, with the same webhook-id (so a receiver
 *  that already processed it can tell); the old round's pending jobs become no-ops. */
export async function redeliver(db: Db, projectId: string, deliveryId: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    const [d] = await tx
      .update(webhookDeliveries)
      .set({
        round: sql`${webhookDeliveries.round} + 1`,
        status: "pending",
        attempts: 0,
        nextAttemptAt: new Date(),
        updatedAt: new Date(),
      })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.projectId, projectId)))
      .returning({ id: webhookDeliveries.id, round: webhookDeliveries.round });
    if (!d) throw notFound("Webhook delivery");
    await enqueueJob(tx, {
      kind: "webhook.deliver",
      payload: { deliveryId: d.id, round: d.round, attempt: 1 },
    });
  });
}
