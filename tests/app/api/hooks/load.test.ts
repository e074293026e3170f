import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hookDeliveries, jobs, runs } from "@/drizzle/schema";
import { defineJob } from "@/server/jobs/define";
import { startWorkerLoop, type WorkerLoop } from "@/server/jobs/worker";
import { handleGenericHook, handleOpenAIHook, handleSageMakerHook } from "@/server/services/hooks";
import {
  projectBackend,
  rotateSecret,
  setSecret,
  updateSettings,
} from "@/server/services/settings";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { evaluationJobs, hookFixture } from "@/tests/server/services/hooks/helpers";
import { type FakeOpenAI, startFakeOpenAI } from "@/tests/trainers/openai/fake-openai";
import { type FakeSageMaker, startFakeSageMaker } from "@/tests/trainers/sagemaker/fake-sagemaker";
import { runSpec } from "@/tests/trainers/sagemaker/helpers";

// 1,000 deliveries paced over 10 s (100 per second, each second's 100 in flight at once), 20% of
// them exact re-sends of earlier deliveries, over 200 runs and all three hooks. Every run must be
// evaluated exactly once and no delivery may get a 5xx. The evaluation is a counted no-op served
// by the real job queue. Timings go to bench/hooks/README.md, not into assertions.
const RUNS = { generic: 120, openai: 40, sagemaker: 40 };
const TOTAL = 1000;
const DUPLICATE_SHARE = 0.2;
const SECONDS = 10;

let t: TestDb;
let oa: FakeOpenAI;
let sm: FakeSageMaker;
let loop: WorkerLoop;
let fx: Awaited<ReturnType<typeof hookFixture>>;
const secrets = {
  generic: "",
  sagemaker: "",
  openai: `whsec_${randomBytes(32).toString("base64")}`,
};
const evaluated = new Map<string, number>();
const refs = new Map<string, string>(); // run id → OpenAI job id / SageMaker job name

beforeAll(async () => {
  for (const k of [
    "OPENAI_API_KEY",
    "AZURE_OPENAI_ENDPOINT",
    "TUNEBENCH_SAGEMAKER_ROLE_ARN",
    "TUNEBENCH_SAGEMAKER_BUCKET",
  ])
    delete process.env[k];
  oa = await startFakeOpenAI();
  sm = await startFakeSageMaker();
  Object.assign(process.env, {
    TUNEBENCH_OPENAI_POLL_MS: "0",
    TUNEBENCH_SAGEMAKER_POLL_MS: "0",
    TUNEBENCH_HOOK_FETCH_WAIT_MS: "0",
    TUNEBENCH_SAGEMAKER_ENDPOINT_URL: sm.url,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
  });
  t = await createTestDb();
  fx = await hookFixture(t.db, {
    slug: "load",
    runCount: RUNS.generic + RUNS.openai + RUNS.sagemaker,
  });
  await updateSettings(t.db, fx.projectId, null, {
    openai: { baseUrl: `${oa.url}/v1` },
    sagemaker: {
      roleArn: "arn:aws:iam::123456789012:role/SageMakerRole",
      bucket: "tb-bucket",
      region: "us-east-1",
    },
  });
  await setSecret(t.db, fx.projectId, { name: "openai.apiKey", value: "sk-load-test-key" });
  await setSecret(t.db, fx.projectId, { name: "hooks.openai", value: secrets.openai });
  secrets.generic = (await rotateSecret(t.db, fx.projectId, "hooks.generic")).secret;
  secrets.sagemaker = (await rotateSecret(t.db, fx.projectId, "hooks.sagemaker")).secret;
  // The remote runs: submitted through the project's backends, then finished on the vendor's side.
  const openai = await projectBackend(t.db, fx.projectId, "openai");
  const sagemaker = await projectBackend(t.db, fx.projectId, "sagemaker");
  for (const [i, runId] of fx.runIds.entries()) {
    if (i < RUNS.generic) continue;
    const kind = i < RUNS.generic + RUNS.openai ? openai : sagemaker;
    const ref = await kind.submit(
      runSpec(kind === openai ? { baseModel: "gpt-4o-mini-2024-07-18" } : {}),
      { runId, workDir: "/tmp/unused" },
    );
    await t.db
      .update(runs)
      .set({ status: "submitted", externalRef: ref })
      .where(eq(runs.id, runId));
    refs.set(runId, ref.id);
    if (kind === openai)
      oa.advance(ref.id, {
        status: "succeeded",
        fine_tuned_model: `ft:gpt-4o-mini-2024-07-18:org:${i}:x`,
        trained_tokens: 100,
      });
    else
      sm.transition(ref.id, "Completed", "Completed", "Training job completed", {
        BillableTimeInSeconds: 60,
      });
  }
  // The evaluation itself: a counted no-op behind the real queue (claim, lease, complete).
  const countingEvaluate = defineJob({
    kind: "run.evaluate",
    async handler({ payload }) {
      evaluated.set(payload.runId, (evaluated.get(payload.runId) ?? 0) + 1);
    },
  });
  loop = startWorkerLoop({
    db: t.db,
    definitions: [countingEvaluate],
    concurrency: 4,
    pollMs: 50,
    log: () => {},
  });
}, 120_000);
afterAll(async () => {
  await loop?.stop({ graceMs: 1000 });
  await t?.close();
  await oa?.close();
  await sm?.close();
});

type Delivery = () => Request;
type Source = "generic" | "openai" | "sagemaker";

/** One signed delivery, frozen: calling it again re-sends the identical bytes and headers. */
function makeDelivery(runId: string, source: Source): { source: Source; request: Delivery } {
  const now = Math.floor(Date.now() / 1000);
  let body: string;
  let headers: Record<string, string>;
  if (source === "generic") {
    body = JSON.stringify({
      deliveryId: randomUUID(),
      runId,
      status: "succeeded",
      artifact: `s3://tb-bucket/adapters/${runId}/`,
    });
    headers = {
      "x-tunebench-timestamp": String(now),
      "x-tunebench-signature": `v1=${createHmac("sha256", secrets.generic).update(`${now}.${body}`).digest("hex")}`,
    };
  } else if (source === "openai") {
    body = JSON.stringify({
      id: `evt_${randomBytes(6).toString("hex")}`,
      object: "event",
      type: "fine_tuning.job.succeeded",
      created_at: now,
      data: { id: refs.get(runId) },
    });
    const msgId = `wh_${randomBytes(8).toString("hex")}`;
    headers = {
      "webhook-id": msgId,
      "webhook-timestamp": String(now),
      "webhook-signature": new Webhook(secrets.openai).sign(msgId, new Date(now * 1000), body),
    };
  } else {
    // Each SageMaker "change" is distinct by its LastModifiedTime; EventBridge re-sends are duplicates.
    body = JSON.stringify({
      version: "0",
      id: randomUUID(),
      "detail-type": "SageMaker Training Job State Change",
      source: "aws.sagemaker",
      time: new Date().toISOString(),
      detail: {
        TrainingJobName: refs.get(runId),
        TrainingJobStatus: "Completed",
        SecondaryStatus: "Completed",
        LastModifiedTime: String(Date.now() + Math.random()),
      },
    });
    headers = { "x-tunebench-hook-secret": secrets.sagemaker };
  }
  return {
    source,
    request: () =>
      new Request(`http://localhost/api/hooks/${source}/load`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      }),
  };
}

const handlers = {
  generic: handleGenericHook,
  openai: handleOpenAIHook,
  sagemaker: handleSageMakerHook,
};

describe("hooks under load", () => {
  it("1,000 deliveries in 10 s with 20% duplicates: one evaluation per run, no 5xx", {
    timeout: 120_000,
  }, async () => {
    const sourceOf = (i: number): Source =>
      i < RUNS.generic ? "generic" : i < RUNS.generic + RUNS.openai ? "openai" : "sagemaker";
    const perSecond = TOTAL / SECONDS;
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    const sent: ReturnType<typeof makeDelivery>[] = [];
    let k = 0;
    const started = performance.now();
    for (let second = 0; second < SECONDS; second++) {
      const tick = performance.now();
      const batch = Array.from({ length: perSecond }, () => {
        const n = k++;
        const duplicate = n >= fx.runIds.length && n % 4 === 0; // 200 of the 800 after the first round: 20% of 1,000
        // Each run's first delivery in the first round; after that random runs, so one second's
        // batch holds distinct deliveries for the same run racing each other.
        const r = n < fx.runIds.length ? n : Math.floor(Math.random() * fx.runIds.length);
        const d = duplicate
          ? sent[Math.floor(Math.random() * sent.length)]!
          : makeDelivery(fx.runIds[r]!, sourceOf(r));
        if (!duplicate) sent.push(d);
        return d;
      });
      await Promise.all(
        batch.map(async (d) => {
          const t0 = performance.now();
          const res = await handlers[d.source](t.db, d.request(), fx.projectId);
          latencies.push(performance.now() - t0);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }),
      );
      const wait = 1000 - (performance.now() - tick);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const wallMs = performance.now() - started;
    latencies.sort((a, b) => a - b);
    const q = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
    console.log(
      `[hooks load] ${TOTAL} deliveries (${TOTAL - sent.length} duplicates) over ${fx.runIds.length} runs in ${(wallMs / 1000).toFixed(2)} s on ${t.kind}; latency ms p50 ${q(0.5)} p95 ${q(0.95)} p99 ${q(0.99)} max ${latencies.at(-1)!.toFixed(1)}`,
    );

    expect(k).toBe(TOTAL);
    expect(TOTAL - sent.length).toBe(TOTAL * DUPLICATE_SHARE);
    expect(Object.fromEntries(statuses)).toEqual({ 200: TOTAL });
    // Each distinct delivery is recorded once; re-sends are not.
    expect(await t.db.$count(hookDeliveries)).toBe(sent.length);

    // Every run finished training and asked for exactly one evaluation; the queue ran each once.
    const all = await t.db
      .select({ id: runs.id, status: runs.status })
      .from(runs)
      .where(eq(runs.experimentId, fx.experimentId));
    const trained = all.filter((r) => fx.runIds.includes(r.id));
    expect(trained.every((r) => r.status === "succeeded")).toBe(true);
    const asked = await evaluationJobs(t.db);
    expect(fx.runIds.every((id) => asked.get(id) === 1)).toBe(true);
    const end = Date.now() + 30_000;
    while (
      (await t.db.$count(jobs, eq(jobs.status, "queued"))) +
        (await t.db.$count(jobs, eq(jobs.status, "running"))) >
        0 &&
      Date.now() < end
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(fx.runIds.map((id) => evaluated.get(id) ?? 0)).toEqual(fx.runIds.map(() => 1));
    expect([...evaluated.values()].every((n) => n === 1)).toBe(true); // the baseline's too
  });
});
