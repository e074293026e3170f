import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import OpenAI from "openai";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hookDeliveries,
  runArtifacts,
  runs,
  webhookDeliveries,
  webhookEvents,
} from "@/drizzle/schema";
import { evaluateRun } from "@/server/services/evaluations";
import { handleOpenAIHook } from "@/server/services/hooks";
import { projectBackend, setSecret, updateSettings } from "@/server/services/settings";
import { createEndpoint } from "@/server/services/webhooks";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type FakeOpenAI, startFakeOpenAI } from "@/tests/trainers/openai/fake-openai";
import { runSpec } from "@/tests/trainers/sagemaker/helpers";
import { evaluationJobs, hookFixture } from "./helpers";

// OpenAI's webhooks signed with the official Standard Webhooks library; the job behind each event
// lives in the stateful OpenAI fake, reached through the project's own OpenAI settings.
const MODEL = "gpt-4o-mini-2024-07-18";
let t: TestDb;
let fake: FakeOpenAI;
let fx: Awaited<ReturnType<typeof hookFixture>>;
const whsec = `whsec_${randomBytes(32).toString("base64")}`;
const jobOf = new Map<string, string>();
let endpointId: string;

beforeAll(async () => {
  delete process.env.OPENAI_API_KEY;
  delete process.env.AZURE_OPENAI_ENDPOINT;
  process.env.TUNEBENCH_OPENAI_POLL_MS = "0";
  process.env.TUNEBENCH_HOOK_FETCH_WAIT_MS = "0";
  fake = await startFakeOpenAI();
  t = await createTestDb();
  fx = await hookFixture(t.db, { runCount: 3 });
  await updateSettings(t.db, fx.projectId, null, { openai: { baseUrl: `${fake.url}/v1` } });
  await setSecret(t.db, fx.projectId, { name: "openai.apiKey", value: "sk-test-project-key" });
  await setSecret(t.db, fx.projectId, { name: "hooks.openai", value: whsec });
  // Subscribed, but no worker runs here: deliveries stay pending, the events are what is checked.
  endpointId = (
    await createEndpoint(t.db, fx.projectId, {
      url: "http://127.0.0.1:9/",
      events: ["run.succeeded", "eval.completed"],
      description: "",
    })
  ).id;
  // Each run fine-tuned through the project's OpenAI backend, as dispatch would.
  const backend = await projectBackend(t.db, fx.projectId, "openai");
  for (const runId of fx.runIds) {
    const ref = await backend.submit(runSpec({ baseModel: MODEL }), {
      runId,
      workDir: "/tmp/unused",
    });
    await t.db
      .update(runs)
      .set({ status: "submitted", externalRef: ref })
      .where(eq(runs.id, runId));
    jobOf.set(runId, ref.id);
  }
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

function event(type: string, jobId: string, id = `evt_${randomBytes(6).toString("hex")}`) {
  return JSON.stringify({
    id,
    object: "event",
    type,
    created_at: Math.floor(Date.now() / 1000),
    data: { id: jobId },
  });
}
function signed(body: string, opts: { msgId?: string; at?: Date; secret?: string } = {}) {
  const msgId = opts.msgId ?? `wh_${randomBytes(8).toString("hex")}`;
  const at = opts.at ?? new Date();
  const signature = new Webhook(opts.secret ?? whsec).sign(msgId, at, body);
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}
const post = (body: string, headers: Record<string, string>, project = fx.projectId) =>
  handleOpenAIHook(
    t.db,
    new Request("http://localhost/api/hooks/openai/p", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
    project,
  );

describe("OpenAI webhook hook", () => {
  it("uses the signature scheme the openai SDK verifies", async () => {
    const body = event("fine_tuning.job.succeeded", "ftjob-x");
    const headers = signed(body);
    const client = new OpenAI({ apiKey: "unused", webhookSecret: whsec });
    await expect(client.webhooks.unwrap(body, headers)).resolves.toMatchObject({
      type: "fine_tuning.job.succeeded",
    });
  });

  it("fine_tuning.job.succeeded fetches the job, completes the run and starts one evaluation, once per delivery", async () => {
    const runId = fx.runIds[0]!;
    const jobId = jobOf.get(runId)!;
    fake.advance(jobId, {
      status: "succeeded",
      fine_tuned_model: `ft:${MODEL}:org:tb:abc`,
      trained_tokens: 1000,
      events: [{ message: "done" }],
    });
    const body = event("fine_tuning.job.succeeded", jobId);
    const headers = signed(body);
    const res = await post(body, headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "accepted", status: "succeeded" });
    const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe("succeeded");
    const [adapter] = await t.db
      .select()
      .from(runArtifacts)
      .where(and(eq(runArtifacts.runId, runId), eq(runArtifacts.kind, "adapter")));
    expect(adapter!.path).toBe(`ft:${MODEL}:org:tb:abc`);
    // OpenAI retries with the same webhook-id: a duplicate, and no second fetch of the job.
    const retrievals = fake.requests.filter((r) => r.path.endsWith(jobId)).length;
    const again = await post(body, headers);
    expect(await again.json()).toMatchObject({ outcome: "duplicate" });
    expect(fake.requests.filter((r) => r.path.endsWith(jobId)).length).toBe(retrievals);
    // A second, different delivery for the same job still evaluates the run once.
    expect(
      (
        await post(
          event("fine_tuning.job.succeeded", jobId),
          signed(body.replace(/evt_\w+/, "evt_other")),
        )
      ).status,
    ).toBe(401);
    const other = event("fine_tuning.job.succeeded", jobId);
    expect((await post(other, signed(other))).status).toBe(200);
    expect((await evaluationJobs(t.db)).get(runId)).toBe(1);
    expect(
      await t.db.select().from(hookDeliveries).where(eq(hookDeliveries.runId, runId)),
    ).toHaveLength(2);
  });

  it("the evaluation it starts ends in an eval.completed webhook event, after run.succeeded", async () => {
    // Emission happens in the transactions of the hook's ingestion and of the evaluation.
    const runId = fx.runIds[0]!;
    const events = async () =>
      (await t.db.select().from(webhookEvents)).filter(
        (e) => (e.data as { runId?: string }).runId === runId,
      );
    expect((await events()).map((e) => e.type)).toEqual(["run.succeeded"]);
    expect(await evaluateRun(t.db, runId)).toBe("evaluated");
    const evalEvent = (await events()).find((e) => e.type === "eval.completed")!;
    expect(evalEvent.key).toBe(`eval.completed:${runId}`);
    expect(evalEvent.data).toMatchObject({
      runId,
      experimentId: fx.experimentId,
      sampleCount: 3,
      scores: { chrf: { score: expect.any(Number), ci: [expect.any(Number), expect.any(Number)] } },
    });
    const [delivery] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, evalEvent.id));
    expect(delivery).toMatchObject({ endpointId, status: "pending" });
  });

  it("fine_tuning.job.failed marks the run failed with OpenAI's error and starts no evaluation", async () => {
    const runId = fx.runIds[1]!;
    const jobId = jobOf.get(runId)!;
    fake.advance(jobId, {
      status: "failed",
      error: { code: "invalid_training_file", message: "bad file", param: "training_file" },
    });
    const body = event("fine_tuning.job.failed", jobId);
    expect((await post(body, signed(body))).status).toBe(200);
    const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe("failed");
    expect(run!.error).toContain("bad file");
    expect((await evaluationJobs(t.db)).get(runId)).toBeUndefined();
  });

  it("answers 401 to a tampered body, another secret, a stale or future timestamp, and no signature", async () => {
    const jobId = jobOf.get(fx.runIds[2]!)!;
    const body = event("fine_tuning.job.cancelled", jobId);
    const headers = signed(body);
    expect((await post(body.replace("cancelled", "succeeded"), headers)).status).toBe(401);
    expect(
      (await post(body, signed(body, { secret: `whsec_${randomBytes(32).toString("base64")}` })))
        .status,
    ).toBe(401);
    expect((await post(body, signed(body, { at: new Date(Date.now() - 301_000) }))).status).toBe(
      401,
    );
    expect((await post(body, signed(body, { at: new Date(Date.now() + 301_000) }))).status).toBe(
      401,
    );
    const res = await post(body, {
      "webhook-id": "wh_1",
      "webhook-timestamp": headers["webhook-timestamp"],
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized" });
    const [run] = await t.db.select().from(runs).where(eq(runs.id, fx.runIds[2]!));
    expect(run!.status).toBe("submitted");
  });

  it("a replayed delivery within the window is a duplicate; after it, 401", async () => {
    const runId = fx.runIds[2]!;
    const jobId = jobOf.get(runId)!;
    fake.advance(jobId, { status: "cancelled" });
    const body = event("fine_tuning.job.cancelled", jobId);
    const headers = signed(body, { at: new Date(Date.now() - 200_000) });
    expect(await (await post(body, headers)).json()).toMatchObject({
      outcome: "accepted",
      status: "cancelled",
    });
    expect(await (await post(body, headers)).json()).toMatchObject({ outcome: "duplicate" });
    const late = signed(body, { msgId: headers["webhook-id"], at: new Date(Date.now() - 400_000) });
    expect((await post(body, late)).status).toBe(401);
  });

  it("answers 404 for a job no run has, and for an unknown project; 413 for an oversized body", async () => {
    const body = event("fine_tuning.job.succeeded", "ftjob-unknown");
    const res = await post(body, signed(body));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not found" });
    expect((await post(body, signed(body), "nope")).status).toBe(404);
    const big = JSON.stringify({ pad: "x".repeat(1024 * 1024) });
    expect((await post(big, signed(big))).status).toBe(413);
  });

  it("records other event types and answers 200, so OpenAI does not retry them", async () => {
    const body = JSON.stringify({
      id: "evt_b",
      object: "event",
      type: "batch.completed",
      created_at: 1,
      data: { id: "batch_1" },
    });
    const res = await post(body, signed(body));
    expect(await res.json()).toMatchObject({ ok: true, outcome: "ignored" });
  });
});
