import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, evaluationUsage, runArtifacts, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { jobDefinitions } from "@/server/jobs/definitions";
import { startWorkerLoop, type WorkerLoop } from "@/server/jobs/worker";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";
import { storedPoints } from "@/tests/helpers/metrics";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai";

// The spine (experiment → dispatch → poll → evaluate) with the openai backend chosen from the
// environment, against the fake, which moves each job along as OpenAI would.
let t: TestDb;
let ctx: DomainCtx;
let loop: WorkerLoop;
let fake: FakeOpenAI;
let ticker: NodeJS.Timeout;
const MODEL = "gpt-4o-mini-2024-07-18";

beforeAll(async () => {
  fake = await startFakeOpenAI();
  Object.assign(process.env, {
    TUNEBENCH_RUNS_DIR: mkdtempSync(path.join(tmpdir(), "tb-oa-runs-")),
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: `${fake.url}/v1`,
    TUNEBENCH_OPENAI_POLL_MS: "100",
  });
  delete process.env.AZURE_OPENAI_ENDPOINT;
  ticker = setInterval(() => {
    for (const job of fake.jobs.values()) {
      if (job.status === "validating_files")
        fake.advance(job.id, {
          status: "running",
          events: [1, 2, 3].map((step) => ({
            type: "metrics" as const,
            message: `Step ${step}/3`,
            data: { step, total_steps: 3, train_loss: 2 / step },
          })),
        });
      else if (job.status === "running")
        fake.advance(job.id, {
          status: "succeeded",
          fine_tuned_model: `ft:${MODEL}:org:${job.suffix}:x`,
          trained_tokens: 5000,
        });
    }
  }, 150);
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db);
});
afterAll(async () => {
  clearInterval(ticker);
  await loop?.stop({ graceMs: 1000 });
  await t?.close();
  await fake?.close();
});

describe("openai backend through the runs and evaluations services", () => {
  it("fine-tunes every grid point, evaluates each run and the baseline with chat completions", {
    timeout: 120_000,
  }, async () => {
    const ds = await uploadDataset({
      ctx,
      input: {
        name: "dates",
        trainJsonl: toChatJsonl(dateExamples(24)),
        evalJsonl: toChatJsonl(dateExamples(4, 100)),
      },
    });
    const exp = await createExperiment({
      ctx,
      input: {
        name: "oa",
        backend: "openai",
        baseModel: MODEL,
        datasetVersionId: ds.versionId,
        grid: { learningRate: [1e-4, 4e-4], loraRank: [8], epochs: [2] },
        training: { batchSize: 8, maxSeqLen: 64, device: "cpu" },
        evalSuite: { metrics: ["chrf"], primaryMetric: "chrf", generation: { maxNewTokens: 8 } },
      },
    });
    loop = startWorkerLoop({
      db: t.db,
      definitions: jobDefinitions,
      concurrency: 2,
      log: () => {},
    });
    const all = () => t.db.select().from(runs).where(eq(runs.experimentId, exp.id));
    const end = Date.now() + 100_000;
    while (
      !(await all()).every((r) => ["evaluated", "failed", "cancelled"].includes(r.status)) &&
      Date.now() < end
    )
      await new Promise((r) => setTimeout(r, 300));

    const finished = await all();
    expect(finished.map((r) => [r.status, r.error])).toEqual([
      ["evaluated", null],
      ["evaluated", null],
      ["evaluated", null],
    ]);
    const multipliers = [...fake.jobs.values()]
      .map((j) => j.method?.supervised?.hyperparameters?.learning_rate_multiplier)
      .sort();
    expect(multipliers).toEqual([0.5, 2]);
    for (const run of finished.filter((r) => !r.isBaseline)) {
      const [adapter] = await t.db
        .select()
        .from(runArtifacts)
        .where(eq(runArtifacts.runId, run.id));
      expect(adapter!.path).toMatch(/^ft:gpt-4o-mini-2024-07-18:org:tb-/);
      const loss = await storedPoints(t.db, run.id);
      expect(
        loss
          .filter((m) => m.name === "train/loss")
          .map((m) => m.step)
          .sort(),
      ).toEqual([1, 2, 3]);
      expect(loss.find((m) => m.name === "cost/usd")!.value).toBeCloseTo(0.015, 9);
    }
    expect(
      await t.db.select().from(evaluations).where(eq(evaluations.experimentId, exp.id)),
    ).toHaveLength(3);
    // 4 eval prompts for each of 2 fine-tuned models and the base model
    const chats = fake.requests
      .filter((r) => r.path === "/chat/completions")
      .map((r) => (r.body as { model: string }).model);
    expect(chats.filter((m) => m === MODEL)).toHaveLength(4);
    expect(chats.filter((m) => m.startsWith("ft:"))).toHaveLength(8);
    expect(fake.specErrors).toEqual([]);
    // Their tokens are the evaluation's part of each run's cost: 4 calls × (100 in + 20 out).
    const usage = await t.db
      .select()
      .from(evaluationUsage)
      .where(
        inArray(
          evaluationUsage.runId,
          finished.map((r) => r.id),
        ),
      );
    expect(usage.map((u) => [u.kind, u.inputTokens, u.outputTokens]).sort()).toEqual([
      ["generation", 400, 80],
      ["generation", 400, 80],
      ["generation", 400, 80],
    ]);
    for (const run of await all()) {
      const cost = run.cost;
      expect(cost?.parts.evaluation, run.name).toBeGreaterThan(0);
    }
  });
});
