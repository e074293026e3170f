import { mkdtempSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluationSamples, evaluations, runArtifacts, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { jobDefinitions } from "@/server/jobs/definitions";
import { startWorkerLoop, type WorkerLoop } from "@/server/jobs/worker";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";
import { storedPoints } from "@/tests/helpers/metrics";
import { type FakeSageMaker, startFakeSageMaker } from "./fake-sagemaker";
import { workerLine } from "./helpers";

// The spine (experiment → dispatch → poll → evaluate) with the sagemaker backend configured from
// the environment (credentials through the AWS default provider chain), against the fake control
// plane, which plays SageMaker: training jobs log worker lines and complete; generation jobs
// answer their prompts channel in output.tar.gz, each output naming the channel the trained model
// came in ("adapter" or "model"; "base" for the baseline).
let t: TestDb;
let ctx: DomainCtx;
let loop: WorkerLoop;
let fake: FakeSageMaker;
let ticker: NodeJS.Timeout;
const busy = new Set<string>();

async function playSageMaker(name: string) {
  const job = fake.jobs.get(name)!;
  if (job.TrainingJobStatus !== "InProgress" || busy.has(name)) return;
  busy.add(name);
  try {
    if (job.request.HyperParameters.mode === '"generate"') {
      const uri: string = job.request.InputDataConfig[0]!.DataSource.S3DataSource.S3Uri;
      const prompts = fake.objects
        .get(`${uri.slice("s3://".length)}prompts.jsonl`)!
        .toString()
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      const trained: string = job.request.InputDataConfig[1]?.ChannelName ?? "base";
      const dir = await mkdtemp(path.join(tmpdir(), "tb-sm-out-"));
      await writeFile(
        path.join(dir, "predictions.jsonl"),
        `${prompts
          .map((p: { id: string; messages: unknown }) =>
            JSON.stringify({ ...p, output: `${trained}:${p.id}` }),
          )
          .join("\n")}\n`,
      );
      await tar.c({ gzip: true, cwd: dir, file: path.join(dir, "output.tar.gz") }, [
        "predictions.jsonl",
      ]);
      fake.objects.set(
        `tb-bucket/tunebench/jobs/${name}/output/output.tar.gz`,
        await readFile(path.join(dir, "output.tar.gz")),
      );
      fake.transition(name, "Completed", "Completed", "done", {
        BillableTimeInSeconds: 60,
        TrainingTimeInSeconds: 60,
      });
    } else if (job.SecondaryStatus === "Starting") {
      fake.transition(name, "InProgress", "Training", "Training in progress.");
      fake.log(
        name,
        "algo-1-1",
        workerLine({ type: "started", device: "cuda", total_steps: 3, resumed_from_step: 0 }),
        ...[1, 2, 3].map((step) =>
          workerLine({ type: "metric", step, name: "train/loss", value: 2 / step }),
        ),
      );
    } else {
      fake.transition(name, "Completed", "Completed", "Training job completed", {
        BillableTimeInSeconds: 1200,
        TrainingTimeInSeconds: 1200,
      });
    }
  } finally {
    busy.delete(name);
  }
}

beforeAll(async () => {
  fake = await startFakeSageMaker();
  Object.assign(process.env, {
    TUNEBENCH_RUNS_DIR: mkdtempSync(path.join(tmpdir(), "tb-sm-runs-")),
    TUNEBENCH_SAGEMAKER_ROLE_ARN: "arn:aws:iam::123456789012:role/SageMakerRole",
    TUNEBENCH_SAGEMAKER_BUCKET: "tb-bucket",
    TUNEBENCH_SAGEMAKER_REGION: "us-east-1",
    TUNEBENCH_SAGEMAKER_ENDPOINT_URL: fake.url,
    TUNEBENCH_SAGEMAKER_POLL_MS: "100",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
  });
  ticker = setInterval(() => [...fake.jobs.keys()].forEach((n) => void playSageMaker(n)), 150);
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db);
});
afterAll(async () => {
  clearInterval(ticker);
  await loop?.stop({ graceMs: 1000 });
  await t?.close();
  await fake?.close();
});

describe("sagemaker backend through the runs and evaluations services", () => {
  it("trains every grid point as a job, evaluates each run and the baseline through generation jobs", {
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
        name: "sm",
        backend: "sagemaker",
        baseModel: "HuggingFaceTB/SmolLM2-135M-Instruct",
        datasetVersionId: ds.versionId,
        grid: { learningRate: [1e-4, 4e-4], loraRank: [8], epochs: [1] },
        training: { batchSize: 8, maxSeqLen: 64, device: "auto" },
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
    const training = [...fake.jobs.values()].filter((j) => !j.request.HyperParameters.mode);
    expect(training.map((j) => j.request.HyperParameters.learning_rate).sort()).toEqual([
      "0.0001",
      "0.0004",
    ]);
    for (const run of finished.filter((r) => !r.isBaseline)) {
      const [adapter] = await t.db
        .select()
        .from(runArtifacts)
        .where(eq(runArtifacts.runId, run.id));
      expect(adapter!.path).toBe(
        `s3://tb-bucket/tunebench/jobs/tunebench-${run.id}/output/model.tar.gz`,
      );
      const metrics = await storedPoints(t.db, run.id);
      expect(
        metrics
          .filter((m) => m.name === "train/loss")
          .map((m) => m.step)
          .sort(),
      ).toEqual([1, 2, 3]);
      expect(metrics.find((m) => m.name === "cost/usd")!.value).toBeCloseTo(0.505, 9);
    }
    expect(
      await t.db.select().from(evaluations).where(eq(evaluations.experimentId, exp.id)),
    ).toHaveLength(3);
    const gens = [...fake.jobs.values()].filter(
      (j) => j.request.HyperParameters.mode === '"generate"',
    );
    expect(gens.map((j) => j.request.InputDataConfig.length).sort()).toEqual([1, 2, 2]); // baseline without an adapter
  });

  it("evaluates a full fine-tuning run from its model.tar.gz as the generation job's model", {
    timeout: 120_000,
  }, async () => {
    const ds = await uploadDataset({
      ctx,
      input: {
        name: "dates-full",
        trainJsonl: toChatJsonl(dateExamples(24)),
        evalJsonl: toChatJsonl(dateExamples(4, 100)),
      },
    });
    const exp = await createExperiment({
      ctx,
      input: {
        name: "sm-full",
        backend: "sagemaker",
        baseModel: "HuggingFaceTB/SmolLM2-135M-Instruct",
        datasetVersionId: ds.versionId,
        grid: { learningRate: [1e-5], loraRank: [8], epochs: [1], parameters: ["full"] },
        training: { batchSize: 8, maxSeqLen: 64, device: "auto" },
        evalSuite: { metrics: ["chrf"], primaryMetric: "chrf", generation: { maxNewTokens: 8 } },
      },
    });
    const all = () => t.db.select().from(runs).where(eq(runs.experimentId, exp.id));
    const end = Date.now() + 100_000;
    while (
      !(await all()).every((r) => ["evaluated", "failed", "cancelled"].includes(r.status)) &&
      Date.now() < end
    )
      await new Promise((r) => setTimeout(r, 300));
    const run = (await all()).find((r) => !r.isBaseline)!;
    expect([run.status, run.error]).toEqual(["evaluated", null]);
    const outputs = await t.db
      .select({ output: evaluationSamples.output })
      .from(evaluationSamples)
      .innerJoin(evaluations, eq(evaluations.id, evaluationSamples.evaluationId))
      .where(eq(evaluations.runId, run.id));
    expect(outputs).toHaveLength(4);
    // The job's model.tar.gz holds the trained model folder: it replaces the base model.
    expect(outputs.every((o) => o.output.startsWith("model:"))).toBe(true);
    const model = `s3://tb-bucket/tunebench/jobs/tunebench-${run.id}/output/model.tar.gz`;
    const gen = [...fake.jobs.values()].find(
      (j) =>
        j.request.HyperParameters.mode === '"generate"' &&
        j.request.InputDataConfig.some(
          (c: { DataSource: { S3DataSource: { S3Uri: string } } }) =>
            c.DataSource.S3DataSource.S3Uri === model,
        ),
    )!;
    expect(gen.request.InputDataConfig.map((c: { ChannelName: string }) => c.ChannelName)).toEqual([
      "prompts",
      "model",
    ]);
  });
});
