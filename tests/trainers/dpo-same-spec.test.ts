import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DescribeTrainingJobCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toWorkerTrainSpec, trainingLines } from "@/trainers/local/spec";
import { validateLocalSpec } from "@/trainers/local/validate";
import { createOpenAIBackend } from "@/trainers/openai/openai-backend";
import { createSageMakerBackend } from "@/trainers/sagemaker/sagemaker-backend";
import type { RunSpec } from "@/trainers/types";
import { type FakeOpenAI, startFakeOpenAI } from "./openai/fake-openai";
import { runSpec } from "./sagemaker/helpers";
import { type Moto, startMoto } from "./sagemaker/moto-server";

// One DPO spec, three backends: the local worker's spec and files, the SageMaker job (moto) and
// the OpenAI job (the fake checks every request against OpenAI's OpenAPI document). The worker's
// own Python (spec.py, preference.py, sagemaker.py) reads what the local and SageMaker backends
// wrote, so a key the worker would refuse fails here.

const ROOT = path.resolve(import.meta.dirname, "../..");
const PY = path.join(ROOT, ".venv/bin/python");

const dpoSpec = (over: Partial<RunSpec> = {}): RunSpec => {
  const base = runSpec({ baseModel: "gpt-4o-mini-2024-07-18" });
  return {
    ...base,
    objective: "dpo",
    parameters: "lora",
    lora: { ...base.lora, dropout: 0 },
    dpo: { beta: 0.25, loss: "sigmoid", labelSmoothing: 0 },
    rejected: {
      train: base.train.map((_, i) => `wrong ${i}`),
      eval: base.eval!.map((_, i) => `wrong eval ${i}`),
    },
    ...over,
  };
};

/** Runs Python with the worker importable; prints whatever the script prints. */
const python = (script: string, ...args: string[]) =>
  execFileSync(PY, ["-c", script, ...args], {
    env: { ...process.env, PYTHONPATH: path.join(ROOT, "trainers/local") },
    encoding: "utf8",
  });

// Loads a worker spec with the worker's own rules and checks every preference line with them.
const CHECK_WORKER = `
import json, sys
from worker.spec import TrainSpec, load_spec
from worker.preference import to_preference
spec = load_spec(sys.argv[1], TrainSpec)
for f in (spec.train_file, spec.eval_file):
    for n, line in enumerate(open(f), 1):
        to_preference(json.loads(line), f"{f}:{n}")
print(json.dumps(spec.to_dict()))
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tb-dpo-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function workerAccepts(worker: object, lines: { train: string; eval: string | null }) {
  await writeFile(path.join(dir, "train.jsonl"), lines.train);
  await writeFile(path.join(dir, "eval.jsonl"), lines.eval ?? "");
  const file = path.join(dir, "spec.json");
  await writeFile(file, JSON.stringify(worker));
  return JSON.parse(python(CHECK_WORKER, file)) as Record<string, unknown>;
}

describe("one DPO spec on the three backends", () => {
  it("local: the worker spec and preference files the worker itself accepts", async () => {
    const spec = dpoSpec({ baseModel: "HuggingFaceTB/SmolLM2-135M-Instruct" });
    const lines = trainingLines(spec);
    const files = { train: path.join(dir, "train.jsonl"), eval: path.join(dir, "eval.jsonl") };
    const worker = toWorkerTrainSpec(spec, files);
    expect(worker).toMatchObject({
      objective: "dpo",
      parameters: "lora",
      dpo: { beta: 0.25, loss: "sigmoid", label_smoothing: 0 },
      lora: { dropout: 0 },
    });
    const resolved = await workerAccepts(worker, lines);
    expect(resolved).toMatchObject({ objective: "dpo", parameters: "lora", dpo: { beta: 0.25 } });
    expect(JSON.parse(lines.train.split("\n")[3]!)).toEqual({
      input: { messages: [{ role: "user", content: "what is 3 + 1?" }] },
      preferred_output: [{ role: "assistant", content: "4" }],
      non_preferred_output: [{ role: "assistant", content: "wrong 3" }],
    });
    // A full DPO run: no LoRA object reaches the worker, which resolves the rest.
    const full = toWorkerTrainSpec({ ...spec, parameters: "full" }, files);
    expect(full.lora).toBeNull();
    expect(await workerAccepts(full, lines)).toMatchObject({ parameters: "full", lora: null });
    // DPO after SFT: an SFT run's adapter keeps its own shape (r 4 here, the grid said 16).
    const adapter = path.join(dir, "sft-adapter");
    await mkdir(adapter, { recursive: true });
    await writeFile(
      path.join(adapter, "adapter_config.json"),
      JSON.stringify({ r: 4, lora_alpha: 8, target_modules: ["q_proj", "v_proj"] }),
    );
    const after = toWorkerTrainSpec({ ...spec, initFrom: adapter }, files);
    expect(after).toMatchObject({ init_from: adapter, lora: { dropout: 0 } });
    expect(await workerAccepts(after, lines)).toMatchObject({
      init_from: adapter,
      lora: { r: 4, alpha: 8, target_modules: ["q_proj", "v_proj"], dropout: 0 },
    });
    expect(validateLocalSpec({ ...spec, initFrom: path.join(dir, "gone") })).toContainEqual({
      field: "initFrom",
      message: `the run to start from has no output at ${path.join(dir, "gone")} any more`,
    });
    // A DPO spec without preference pairs is refused before anything starts.
    expect(validateLocalSpec({ ...spec, rejected: undefined })).toContainEqual({
      field: "objective",
      message: "dpo trains on preference pairs; choose a preference dataset",
    });
  });

  describe("SageMaker (moto)", () => {
    let moto: Moto;
    let s3: S3Client;
    let sm: SageMakerClient;
    beforeAll(async () => {
      moto = await startMoto();
      const common = {
        region: "us-east-1",
        endpoint: moto.url,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      };
      s3 = new S3Client({ ...common, forcePathStyle: true });
      sm = new SageMakerClient({ ...common, maxAttempts: 1 });
      await s3.send(new CreateBucketCommand({ Bucket: "tb-dpo" }));
    });
    afterAll(() => moto?.stop());

    it("sends objective, parameters and dpo_* that the SageMaker entry turns into the same worker spec", async () => {
      const backend = createSageMakerBackend({
        region: "us-east-1",
        roleArn: "arn:aws:iam::123456789012:role/SageMakerRole",
        bucket: "tb-dpo",
        endpoints: { sagemaker: moto.url, s3: moto.url, logs: moto.url },
        minPollIntervalMs: 0,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });
      const spec = dpoSpec({
        baseModel: "HuggingFaceTB/SmolLM2-135M-Instruct",
        parameters: "full",
        initFrom: "s3://tb-dpo/tunebench/tunebench-sft-1/output/model.tar.gz",
      });
      const ref = await backend.submit(spec, { runId: "dpo-1", workDir: "/tmp/unused" });
      const desc = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: ref.id }));
      const hp = Object.fromEntries(
        Object.entries(desc.HyperParameters!).map(([k, v]) => [k, JSON.parse(v)]),
      );
      expect(hp).toMatchObject({
        objective: "dpo",
        parameters: "full",
        dpo_beta: 0.25,
        dpo_loss: "sigmoid",
        dpo_label_smoothing: 0,
      });
      expect(Object.keys(hp).filter((k) => k.startsWith("lora_"))).toEqual([]);
      expect(desc.InputDataConfig?.find((c) => c.ChannelName === "init")).toMatchObject({
        DataSource: { S3DataSource: { S3Uri: spec.initFrom } },
      });
      const body = async (Key: string) =>
        (await s3.send(new GetObjectCommand({ Bucket: "tb-dpo", Key }))).Body!.transformToString();
      const train = await body(`tunebench/${ref.id}/data/train/train.jsonl`);
      const evalLines = await body(`tunebench/${ref.id}/data/eval/eval.jsonl`);
      expect(train).toBe(trainingLines(spec).train);
      // The entry's own mapping from hyperparameters to a worker spec, then the worker's checks.
      const worker = JSON.parse(
        python(
          `import json, sys
from worker.sagemaker import train_spec
print(json.dumps(train_spec(json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], "/nonexistent")))`,
          JSON.stringify(hp),
          path.join(dir, "train.jsonl"),
          path.join(dir, "eval.jsonl"),
        ),
      );
      expect(await workerAccepts(worker, { train, eval: evalLines })).toMatchObject({
        objective: "dpo",
        parameters: "full",
        lora: null,
        dpo: { beta: 0.25, loss: "sigmoid", label_smoothing: 0 },
      });
    });
  });

  describe("OpenAI (fake server, requests checked against the OpenAPI document)", () => {
    let fake: FakeOpenAI;
    beforeAll(async () => {
      fake = await startFakeOpenAI();
    });
    afterAll(() => fake.close());

    const backend = () =>
      createOpenAIBackend({
        apiKey: "sk-test",
        baseURL: `${fake.url}/v1`,
        backoffBaseMs: 1,
        minPollIntervalMs: 0,
      });

    it("creates a dpo job with beta and uploads preference lines", async () => {
      const spec = dpoSpec();
      const ref = await backend().submit(spec, { runId: "oa-dpo", workDir: "/tmp/unused" });
      const job = fake.jobs.get(ref.id)!;
      expect(job.method).toEqual({
        type: "dpo",
        dpo: {
          hyperparameters: {
            beta: 0.25,
            n_epochs: 3,
            batch_size: 8,
            learning_rate_multiplier: 1,
          },
        },
      });
      expect(fake.files.get(job.training_file)!.content).toBe(trainingLines(spec).train);
      expect(fake.specErrors).toEqual([]);
    });

    it("starts from an earlier run by fine-tuning its fine-tuned model", async () => {
      const spec = dpoSpec({ initFrom: "ft:gpt-4o-mini-2024-07-18:org:tb-sft:abc123" });
      const ref = await backend().submit(spec, { runId: "oa-dpo-2", workDir: "/tmp/unused" });
      expect(fake.jobs.get(ref.id)!.model).toBe("ft:gpt-4o-mini-2024-07-18:org:tb-sft:abc123");
      expect(fake.specErrors).toEqual([]);
    });

    it("refuses parameters it cannot choose and DPO settings it does not have", () => {
      const issues = backend().validate(
        dpoSpec({ parameters: "full", dpo: { beta: 0.1, loss: "ipo", labelSmoothing: 0.1 } }),
      );
      expect(issues.map((i) => i.field)).toEqual(["parameters", "dpo.loss", "dpo.labelSmoothing"]);
      expect(issues[0]!.message).toMatch(/OpenAI decides which weights it trains; "full"/);
    });
  });
});
