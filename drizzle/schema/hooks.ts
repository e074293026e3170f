import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { HookSource, WebhookDeliveryStatus, WebhookEventType } from "../../core/enums";
import { createdAt, id, timestamps, tstz } from "./columns";
import { projects } from "./projects";
import { runs } from "./runs";

// ---------------------------------------------------------------- incoming hooks

// One row per accepted delivery, inserted in the same transaction as its effect: a duplicate
// delivery conflicts on (project, source, delivery id) and changes nothing. The project is part of
// the key so that one project's sender cannot pre-empt another project's delivery ids.
export const hookDeliveries = pgTable(
  "hook_deliveries",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    source: text("source").$type<HookSource>().notNull(),
    deliveryId: text("delivery_id").notNull(),
    runId: text("run_id").references(() => runs.id, { onDelete: "set null" }),
    /** What the delivery did: "succeeded", "failed", "cancelled", "ignored", … */
    outcome: text("outcome").notNull(),
    detail: jsonb("detail"),
    receivedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("hook_deliveries_delivery_idx").on(t.projectId, t.source, t.deliveryId),
    index("hook_deliveries_run_idx").on(t.runId),
  ],
);

// ---------------------------------------------------------------- outgoing webhooks

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    events: text("events").array().$type<WebhookEventType[]>().notNull(),
    /** `whsec_…` signing secret, AES-256-GCM envelope (server/crypto). */
    secretCiphertext: text("secret_ciphertext").notNull(),
    secretHint: text("secret_hint").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    ...timestamps(),
  },
  (t) => [index("webhook_endpoints_project_idx").on(t.projectId)],
);

/** One event, stored once per idempotency key; "webhook.test" events come from "send test event". */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    key: text("key").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("webhook_events_key_idx").on(t.projectId, t.key)],
);

/** One message to one endpoint; its id is the stable `webhook-id` header across retries. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Bumped by "redeliver", so the job key of a new round differs from the old one. */
    round: integer("round").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_endpoint_idx").on(t.eventId, t.endpointId),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);

/** The delivery log: one row per HTTP attempt. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: id(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    round: integer("round").notNull().default(0),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    /** The first 2 KiB of the response body. */
    response: text("response"),
    error: text("error"),
    nextRetryAt: tstz("next_retry_at"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.createdAt)],
);
