import { and, arrayContains, eq } from "drizzle-orm";
import type { WebhookEventType } from "@/core/enums";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { enqueueJob } from "@/server/jobs/enqueue";

export type WebhookEventInput = {
  projectId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  /** Idempotency key, e.g. `eval.completed:${runId}`: a second emit with the same key is a no-op. */
  key: string;
};

/**
 * Records an outgoing event and enqueues one delivery job per enabled endpoint subscribed to its
 * type. Pass a transaction as `db` so the event commits (or rolls back) with the change it reports.
 * No endpoints is not an error: nothing is stored and nothing is sent.
 */
export async function emitWebhookEvent(
  db: Db,
  e: WebhookEventInput,
): Promise<{ eventId: string; deliveries: number } | null> {
  const endpoints = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.projectId, e.projectId),
        eq(webhookEndpoints.enabled, true),
        arrayContains(webhookEndpoints.events, [e.type]),
      ),
    );
  if (endpoints.length === 0) return null;
  return recordEvent(db, { ...e, endpointIds: endpoints.map((x) => x.id) });
}

/** Stores the event (once per key) and its deliveries, and enqueues the first attempt of each. */
export async function recordEvent(
  db: Db,
  e: {
    projectId: string;
    type: string;
    data: Record<string, unknown>;
    key: string;
    endpointIds: string[];
  },
): Promise<{ eventId: string; deliveries: number } | null> {
  const [event] = await db
    .insert(webhookEvents)
    .values({ projectId: e.projectId, type: e.type, key: e.key, data: e.data })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  if (!event) return null; // emitted before under this key
  const rows = await db
    .insert(webhookDeliveries)
    .values(
      e.endpointIds.map((endpointId) => ({
        projectId: e.projectId,
        eventId: event.id,
        endpointId,
        nextAttemptAt: new Date(),
      })),
    )
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  for (const row of rows) {
    await enqueueJob(db, {
      kind: "webhook.deliver",
      payload: { deliveryId: row.id, round: 0, attempt: 1 },
    });
  }
  return { eventId: event.id, deliveries: rows.length };
}
