import { mkdtempSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { evaluations, gateVerdicts, runs } from "@/drizzle/schema";
import type { CreatedExperimentOut, DatasetOut } from "@/server/api/schemas";
import { jobDefinitions } from "@/server/jobs/definitions";
import { startWorkerLoop, type WorkerLoop } from "@/server/jobs/worker";
import type { GateVerdictList } from "@/server/schemas/gates";
import { api, apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";
import { type FakeOpenAI, startFakeOpenAI } from "./openai/fake-openai";
import { type FakeSageMaker, startFakeSageMaker } from "./sagemaker/fake-sagemaker";
import { workerLine } from "./sagemaker/helpers";

// Issue 6's "done when": one experiment spec, its grid run on the local trainer, on SageMaker and
// on an OpenAI-compatible fine-tuning API, each run trained, evaluated and gated. The spec is sent
// through the REST API three times, identical but for `backend` and, for OpenAI, the model name
// (OpenAI names its own base models; the local worker and SageMaker share a Hugging Face id).
// Emulators: the fake worker (tests/trainers/local/fake-python.sh), the stateful SageMaker fake and
// the stateful OpenAI fake (which also validates every request against OpenAI's OpenAPI document).
const SPEC = {
  name: "same spec",
  baseModel: "HuggingFaceTB/SmolLM2-135M-Instruct",
  grid: { learningRate: [1e-4, 4e-4], loraRank: [8], epochs: [1] },
  training: { batchSize: 8, maxSeqLen: 64, device: "auto" },
  evalSuite: {
    metrics: ["accuracy", "chrf"],
    primaryMetric: "chrf",
    generation: { maxNewTokens: 8 },
    gates: [
      { metric: "chrf", min: 0 },
      { metric: "chrf", maxDrop: 100 },
    ],
  },
};
const BACKENDS = ["local", "sagemaker", "openai"] as const;
const OPENAI_MODEL = "gpt-4o-mini-2024-07-18";

let t: TestDb;
let restore: () => void;
let loop: WorkerLoop;
let sm: FakeSageMaker;
let oa: FakeOpenAI;
let ticker: NodeJS.Timeout;
const busy = new Set<string>();
const saved = { ...process.env };

/** Plays SageMaker as tests/trainers/sagemaker/pipeline.test.ts does: training jobs log worker
 *  lines and complete; generation jobs answer their prompts channel in output.tar.gz. */
async function playSageMaker(name: string) {
  const job = sm.jobs.get(name)!;
  if (job.TrainingJobStatus !== "InProgress" || busy.has(name)) return;
  busy.add(name);
  try {
    if (job.request.HyperParameters.mode === '"generate"') {
      const uri: string = job.request.InputDataConfig[0]!.DataSource.S3DataSource.S3Uri;
      const prompts = sm.objects
        .get(`${uri.slice("s3://".length)}prompts.jsonl`)!
        .toString()
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { id: string });
      const dir = await mkdtemp(path.join(tmpdir(), "tb-same-sm-"));
      await writeFile(
        path.join(dir, "predictions.jsonl"),
        `${prompts.map((p) => JSON.stringify({ ...p, output: `sm:${p.id}` })).join("\n")}\n`,
      );
      await tar.c({ gzip: true, cwd: dir, file: path.join(dir, "output.tar.gz") }, [
        "predictions.jsonl",
      ]);
      sm.objects.set(
        `tb-bucket/tunebench/jobs/${name}/output/output.tar.gz`,
        await readFile(path.join(dir, "output.tar.gz")),
      );
      sm.transition(name, "Completed", "Completed", "done", {
        BillableTimeInSeconds: 60,
        TrainingTimeInSeconds: 60,
      });
    } else if (job.SecondaryStatus === "Starting") {
      sm.transition(name, "InProgress", "Training", "Training in progress.");
      sm.log(
        name,
        "algo-1-1",
        workerLine({ type: "started", device: "cuda", total_steps: 3, resumed_from_step: 0 }),
        ...[1, 2, 3].map((step) =>
          workerLine({ type: "metric", step, name: "train/loss", value: 2 / step }),
        ),
      );
    } else {
      sm.transition(name, "Completed", "Completed", "Training job completed", {
        BillableTimeInSeconds: 600,
        TrainingTimeInSeconds: 600,
      });
    }
  } finally {
    busy.delete(name);
  }
}

function playOpenAI() {
  for (const job of oa.jobs.values()) {
    if (job.status === "validating_files")
      oa.advance(job.id, {
        status: "running",
        events: [1, 2, 3].map((step) => ({
          type: "metrics" as const,
          message: `Step ${step}/3`,
          data: { step, total_steps: 3, train_loss: 2 / step },
        })),
      });
    else if (job.status === "running")
      oa.advance(job.id, {
        status: "succeeded",
        fine_tuned_model: `ft:${OPENAI_MODEL}:org:${job.suffix}:x`,
        trained_tokens: 5000,
      });
  }
}

beforeAll(async () => {
  [sm, oa] = await Promise.all([startFakeSageMaker(), startFakeOpenAI()]);
  Object.assign(process.env, {
    TUNEBENCH_RUNS_DIR: mkdtempSync(path.join(tmpdir(), "tb-same-runs-")),
    TUNEBENCH_PYTHON: path.resolve("tests/trainers/local/fake-python.sh"),
    FAKE_TOTAL_STEPS: "3",
    TUNEBENCH_SAGEMAKER_ROLE_ARN: "arn:aws:iam::123456789012:role/SageMakerRole",
    TUNEBENCH_SAGEMAKER_BUCKET: "tb-bucket",
    TUNEBENCH_SAGEMAKER_REGION: "us-east-1",
    TUNEBENCH_SAGEMAKER_ENDPOINT_URL: sm.url,
    TUNEBENCH_SAGEMAKER_POLL_MS: "100",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: `${oa.url}/v1`,
    TUNEBENCH_OPENAI_POLL_MS: "100",
  });
  delete process.env.AZURE_OPENAI_ENDPOINT;
  ticker = setInterval(() => {
    [...sm.jobs.keys()].forEach((n) => void playSageMaker(n));
    playOpenAI();
  }, 150);
  t = await createTestDb();
  restore = useApi(t.db);
});
afterAll(async () => {
  clearInterval(ticker);
  await loop?.stop({ graceMs: 1000 });
  restore?.();
  await t?.close();
  await Promise.all([sm?.close(), oa?.close()]);
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe("one experiment spec on three backends", () => {
  it("trains the grid on local, SageMaker and OpenAI, evaluates and gates every run", {
    timeout: 180_000,
  }, async () => {
    const token = await apiToken(t.db, "member", ["read", "write"]);
    const ds = await api<z.infer<typeof DatasetOut>>("POST", "/datasets", {
      token,
      body: {
        name: "dates",
        trainJsonl: toChatJsonl(dateExamples(24)),
        evalJsonl: toChatJsonl(dateExamples(4, 100)),
      },
    });
    expect(ds.status).toBe(201);
    const ids: Record<string, string> = {};
    for (const backend of BACKENDS) {
      const res = await api<z.infer<typeof CreatedExperimentOut>>("POST", "/experiments", {
        token,
        body: {
          ...SPEC,
          backend,
          ...(backend === "openai" ? { baseModel: OPENAI_MODEL } : {}),
          datasetVersionId: ds.body.versionId,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[backend] = res.body.id;
    }
    loop = startWorkerLoop({
      db: t.db,
      definitions: jobDefinitions,
      concurrency: 3,
      log: () => {},
    });
    const all = () =>
      t.db
        .select()
        .from(runs)
        .where(inArray(runs.experimentId, Object.values(ids)));
    const end = Date.now() + 150_000;
    while (
      !(await all()).every((r) => ["evaluated", "failed", "cancelled"].includes(r.status)) &&
      Date.now() < end
    )
      await new Promise((r) => setTimeout(r, 300));

    for (const backend of BACKENDS) {
      const rows = await t.db
        .select()
        .from(runs)
        .where(eq(runs.experimentId, ids[backend]!))
        .orderBy(runs.index);
      expect(
        rows.map((r) => [r.index, r.status, r.error]),
        backend,
      ).toEqual([
        [0, "evaluated", null],
        [1, "evaluated", null],
        [2, "evaluated", null],
      ]);
      // Trained by the backend the experiment names (the baseline trains nothing).
      for (const r of rows.slice(1)) expect(r.externalRef!.backend, backend).toBe(backend);
      const evals = await t.db
        .select()
        .from(evaluations)
        .where(eq(evaluations.experimentId, ids[backend]!));
      expect(evals.map((e) => [e.status, e.sampleCount])).toEqual([
        ["completed", 4],
        ["completed", 4],
        ["completed", 4],
      ]);
      const verdicts = await t.db
        .select()
        .from(gateVerdicts)
        .where(eq(gateVerdicts.experimentId, ids[backend]!));
      expect(verdicts.map((v) => v.verdict).sort(), backend).toEqual(["none", "passed", "passed"]); // the baseline is the reference
      const gates = await api<GateVerdictList>("GET", `/experiments/${ids[backend]}/gates`, {
        token,
      });
      expect(gates.body.verdicts.map((v) => [v.verdict, v.checks.length])).toEqual([
        ["none", 0],
        ["passed", 2],
        ["passed", 2],
      ]);
    }
    // Each emulator saw exactly its experiment's two training jobs.
    expect([...sm.jobs.values()].filter((j) => !j.request.HyperParameters.mode)).toHaveLength(2);
    expect(oa.jobs.size).toBe(2);
    expect(oa.specErrors).toEqual([]);
  });
});
