import { asc, eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { webhookAttempts, webhookDeliveries, webhookEvents } from "@/drizzle/schema";
import { jobDefinitions } from "@/server/jobs/definitions";
import { deliverWebhookJob } from "@/server/jobs/handlers/deliver-webhook";
import { startWorkerLoop, type WorkerLoop } from "@/server/jobs/worker";
import { transitionRun } from "@/server/services/runs/transition-run";
import { putSecret } from "@/server/services/settings";
import {
  createEndpoint,
  emitWebhookEvent,
  listDeliveries,
  redeliver,
  rotateEndpointSecret,
  sendTestEvent,
  updateEndpoint,
} from "@/server/services/webhooks";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { hookFixture } from "../hooks/helpers";
import { startReceiver } from "./receiver";

let t: TestDb;
let fx: Awaited<ReturnType<typeof hookFixture>>;
let loop: WorkerLoop;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  Object.assign(process.env, {
    TUNEBENCH_WEBHOOK_RETRY_BASE_MS: "50",
    TUNEBENCH_WEBHOOK_MAX_ATTEMPTS: "4",
  });
  t = await createTestDb();
  fx = await hookFixture(t.db, { runCount: 3 });
  receiver = await startReceiver();
  loop = startWorkerLoop({
    db: t.db,
    definitions: [deliverWebhookJob],
    concurrency: 4,
    pollMs: 20,
    log: () => {},
  });
});
afterAll(async () => {
  await loop?.stop({ graceMs: 1000 });
  await receiver?.close();
  await t?.close();
});
afterEach(() => receiver.setScript([{ status: 200 }]));

async function settled(deliveryId: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [d] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId));
    if (d && d.status !== "pending") return d;
    if (Date.now() > end)
      throw new Error(`delivery ${deliveryId} still ${d?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const deliveriesOf = (eventId: string) =>
  t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId));

describe("outgoing webhooks", () => {
  it("is registered with the worker loop", () => {
    expect(jobDefinitions.map((d) => d.kind)).toContain(deliverWebhookJob.kind);
  });

  it("delivers a signed event that the standardwebhooks library verifies, retrying after 500s with a logged backoff", async () => {
    const { secret } = await createEndpoint(t.db, fx.projectId, {
      url: receiver.url,
      events: ["run.succeeded"],
      description: "",
    });
    receiver.setScript([{ status: 500 }, { status: 500 }, { status: 204 }]);
    const before = receiver.received.length;
    const emitted = await emitWebhookEvent(t.db, {
      projectId: fx.projectId,
      type: "run.succeeded",
      data: { runId: "r1" },
      key: "run.succeeded:r1",
    });
    expect(emitted).toMatchObject({ deliveries: 1 });
    // The same key again is the same event: no second delivery.
    expect(
      await emitWebhookEvent(t.db, {
        projectId: fx.projectId,
        type: "run.succeeded",
        data: { runId: "r1" },
        key: "run.succeeded:r1",
      }),
    ).toBeNull();
    const [delivery] = await deliveriesOf(emitted!.eventId);
    const done = await settled(delivery!.id);
    expect(done).toMatchObject({
      status: "succeeded",
      attempts: 3,
      lastStatusCode: 204,
      nextAttemptAt: null,
    });

    const got = receiver.received.slice(before);
    expect(got).toHaveLength(3);
    const wh = new Webhook(secret);
    for (const r of got) {
      const headers = {
        "webhook-id": String(r.headers["webhook-id"]),
        "webhook-timestamp": String(r.headers["webhook-timestamp"]),
        "webhook-signature": String(r.headers["webhook-signature"]),
      };
      expect(wh.verify(r.body, headers)).toMatchObject({
        type: "run.succeeded",
        data: { runId: "r1" },
      });
      expect(headers["webhook-id"]).toBe(delivery!.id); // stable across retries
      expect(() => wh.verify(r.body.replace("r1", "r2"), headers)).toThrow();
    }
    const log = await t.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, delivery!.id))
      .orderBy(asc(webhookAttempts.attempt));
    expect(log.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 204],
    ]);
    expect(log[0]!.response).toBe("status 500");
    expect(log[0]!.nextRetryAt).not.toBeNull();
    expect(log[2]!.nextRetryAt).toBeNull();
    // Exponential: the wait logged after attempt 2 (≈ 4 × base) is well over the one after attempt 1 (≈ base).
    const wait = (a: (typeof log)[number]) => a.nextRetryAt!.getTime() - a.createdAt.getTime();
    expect(wait(log[1]!)).toBeGreaterThan(2 * wait(log[0]!));
    // And no retry went out before its time.
    expect(got[1]!.at).toBeGreaterThanOrEqual(log[0]!.nextRetryAt!.getTime() - 5);
  });

  it("gives up after the last attempt and logs timeouts/refusals as errors without a status code", async () => {
    const { id: endpointId } = await createEndpoint(t.db, fx.projectId, {
      url: "http://127.0.0.1:9/unreachable",
      events: ["run.failed"],
      description: "",
    });
    const emitted = await emitWebhookEvent(t.db, {
      projectId: fx.projectId,
      type: "run.failed",
      data: { runId: "r2" },
      key: "run.failed:r2",
    });
    const mine = (await deliveriesOf(emitted!.eventId)).find((d) => d.endpointId === endpointId)!;
    const done = await settled(mine.id);
    expect(done).toMatchObject({ status: "failed", attempts: 4, nextAttemptAt: null });
    const [list] = await listDeliveries(t.db, fx.projectId, endpointId, 10);
    expect(list!.log).toHaveLength(4);
    expect(list!.log.every((a) => a.statusCode === null && a.error)).toBe(true);
  });

  it("logs a delivery to a disabled endpoint as failed at once, without sending or retrying", async () => {
    const { id: endpointId } = await createEndpoint(t.db, fx.projectId, {
      url: receiver.url,
      events: ["eval.completed"],
      description: "",
    });
    await updateEndpoint(t.db, fx.projectId, { endpointId, enabled: false });
    const before = receiver.received.length;
    const { deliveryId } = await sendTestEvent(t.db, fx.projectId, endpointId);
    expect(await settled(deliveryId)).toMatchObject({
      status: "failed",
      attempts: 1,
      nextAttemptAt: null,
    });
    expect(receiver.received.length).toBe(before);
    const [entry] = await listDeliveries(t.db, fx.projectId, endpointId, 1);
    expect(entry!.log).toEqual([
      expect.objectContaining({
        attempt: 1,
        statusCode: null,
        error: "endpoint disabled: not sent",
      }),
    ]);
  });

  it("sends nothing for an event no endpoint subscribes to", async () => {
    expect(
      await emitWebhookEvent(t.db, {
        projectId: fx.projectId,
        type: "gate.failed",
        data: {},
        key: "gate.failed:x",
      }),
    ).toBeNull();
    expect(
      await t.db.select().from(webhookEvents).where(eq(webhookEvents.key, "gate.failed:x")),
    ).toHaveLength(0);
  });

  it("test events, redelivery with the same webhook-id in a new round, truncated responses", async () => {
    const { id: endpointId, secret } = await createEndpoint(t.db, fx.projectId, {
      url: receiver.url,
      events: ["eval.completed"],
      description: "",
    });
    receiver.setScript([{ status: 200, body: "y".repeat(5000) }]);
    const { deliveryId } = await sendTestEvent(t.db, fx.projectId, endpointId);
    await settled(deliveryId);
    const first = receiver.received.at(-1)!;
    expect(JSON.parse(first.body)).toMatchObject({ type: "webhook.test" });
    await redeliver(t.db, fx.projectId, deliveryId);
    const again = await settled(deliveryId);
    expect(again).toMatchObject({ status: "succeeded", round: 1, attempts: 1 });
    expect(receiver.received.at(-1)!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    const [entry] = await listDeliveries(t.db, fx.projectId, endpointId, 10);
    expect(entry!.log.map((a) => a.round)).toEqual([1, 0]);
    expect(entry!.log[0]!.response).toHaveLength(2048);
    // After rotation the next delivery verifies with the new secret only.
    const { secret: rotated } = await rotateEndpointSecret(t.db, fx.projectId, endpointId);
    const next = await sendTestEvent(t.db, fx.projectId, endpointId);
    await settled(next.deliveryId);
    const r = receiver.received.at(-1)!;
    const headers = Object.fromEntries(
      ["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [
        h,
        String(r.headers[h]),
      ]),
    );
    expect(() => new Webhook(rotated).verify(r.body, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(r.body, headers)).toThrow();
  });

  it("emits run.failed from a run transition, inside its transaction", async () => {
    await createEndpoint(t.db, fx.projectId, {
      url: receiver.url,
      events: ["run.failed"],
      description: "",
    });
    const runId = fx.runIds[0]!;
    await t.db
      .transaction(async (tx) => {
        await transitionRun(tx as never, runId, "failed", { error: "boom" });
        tx.rollback();
      })
      .catch(() => {});
    expect(
      await t.db
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.key, `run.failed:${runId}`)),
    ).toHaveLength(0);
    await transitionRun(t.db, runId, "failed", { error: "boom" });
    const [event] = await t.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.key, `run.failed:${runId}`));
    expect(event!.data).toMatchObject({
      runId,
      status: "failed",
      error: "boom",
      experimentId: fx.experimentId,
    });
  });

  it("keeps every secret encrypted at rest", async () => {
    const { secret } = await createEndpoint(t.db, fx.projectId, {
      url: receiver.url,
      events: ["run.failed"],
      description: "",
    });
    await putSecret(t.db, fx.projectId, "openai.apiKey", "sk-proj-plaintext-api-key-123456");
    const raw = JSON.stringify([
      ...(await t.db.execute(sql`select * from webhook_endpoints`)).rows,
      ...(await t.db.execute(sql`select * from project_secrets`)).rows,
    ]);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(secret.slice("whsec_".length));
    expect(raw).not.toContain("plaintext-api-key");
    expect(raw).toContain("sk-proj-…3456"); // only the masked hint
  });
});
