import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  type CreateTrainingJobRequest,
  DescribeTrainingJobCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSageMakerConfig } from "@/trainers/sagemaker/config";
import { createSageMakerBackend } from "@/trainers/sagemaker/sagemaker-backend";
import {
  createTrainingJobInput,
  s3Locations,
  userHyperParameters,
} from "@/trainers/sagemaker/transform";
import type { TrainingBackend } from "@/trainers/types";
import { pollOnce, runSpec } from "./helpers";
import { type Moto, startMoto } from "./moto-server";

// S3 uploads and the CreateTrainingJob request against moto_server on loopback. moto completes
// jobs at once and drops some fields (backends.md §2.2), so the lifecycle lives in lifecycle.test.ts.

let moto: Moto;
let s3: S3Client;
let sm: SageMakerClient;
let backend: TrainingBackend;
const input = {
  region: "us-east-1",
  roleArn: "arn:aws:iam::123456789012:role/SageMakerRole",
  bucket: "tb-moto",
  spot: { enabled: true, maxWaitSeconds: 172800 },
};

beforeAll(async () => {
  moto = await startMoto();
  const common = {
    region: "us-east-1",
    endpoint: moto.url,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
  s3 = new S3Client({ ...common, forcePathStyle: true });
  sm = new SageMakerClient({ ...common, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: "tb-moto" }));
  backend = createSageMakerBackend({
    ...input,
    endpoints: { sagemaker: moto.url, s3: moto.url, logs: moto.url },
    minPollIntervalMs: 0,
    credentials: common.credentials,
  });
});
afterAll(() => moto?.stop());

const text = async (Key: string) =>
  await (await s3.send(new GetObjectCommand({ Bucket: "tb-moto", Key }))).Body!.transformToString();

describe("SageMaker backend against moto_server", () => {
  it("uploads the worker and the dataset, then creates the job SageMaker echoes back", async () => {
    const spec = runSpec();
    const ref = await backend.submit(spec, { runId: "moto-1", workDir: "/tmp/unused" });
    expect(ref).toMatchObject({ backend: "sagemaker", id: "tunebench-moto-1", cursor: "0" });

    const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: "tb-moto" }))).Contents ?? [])
      .map((o) => o.Key)
      .sort();
    expect(keys).toEqual([
      "tunebench/tunebench-moto-1/data/eval/eval.jsonl",
      "tunebench/tunebench-moto-1/data/train/train.jsonl",
      "tunebench/tunebench-moto-1/source/sourcedir.tar.gz",
    ]);
    const train = (await text("tunebench/tunebench-moto-1/data/train/train.jsonl"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(train).toEqual(spec.train.map((messages) => ({ messages })));

    // The tarball unpacks to /opt/ml/code with the worker package and its SageMaker entry point.
    const dir = await mkdtemp(path.join(os.tmpdir(), "tb-src-"));
    const tgz = await (
      await s3.send(
        new GetObjectCommand({
          Bucket: "tb-moto",
          Key: "tunebench/tunebench-moto-1/source/sourcedir.tar.gz",
        }),
      )
    ).Body!.transformToByteArray();
    await writeFile(path.join(dir, "s.tar.gz"), tgz);
    const entries: string[] = [];
    await tar.t({ file: path.join(dir, "s.tar.gz"), onReadEntry: (e) => entries.push(e.path) });
    expect(entries).toEqual(
      expect.arrayContaining(["worker/sagemaker.py", "worker/__main__.py", "worker/train.py"]),
    );
    expect(entries.some((e) => e.includes("__pycache__") || e.endsWith("requirements.lock"))).toBe(
      false,
    );

    const desc = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: ref.id }));
    const expected = createTrainingJobInput({
      config: resolveSageMakerConfig(input),
      runId: "moto-1",
      loc: s3Locations(resolveSageMakerConfig(input), "moto-1", ref.id),
      hyperParameters: {
        ...userHyperParameters(spec),
        save_every: 50,
        gen_max_new_tokens: 256,
        gen_temperature: 0,
      },
    });
    expect(desc.HyperParameters).toEqual(expected.HyperParameters);
    expect(desc.InputDataConfig).toEqual(expected.InputDataConfig);
    expect(desc.ResourceConfig).toEqual(expected.ResourceConfig);
    expect(desc.StoppingCondition).toEqual(expected.StoppingCondition);
    expect(desc.CheckpointConfig).toEqual(expected.CheckpointConfig);
    expect(desc.EnableManagedSpotTraining).toBe(true);
    expect(desc.RoleArn).toBe(input.roleArn);
    expect(desc.AlgorithmSpecification?.TrainingImage).toBe(
      expected.AlgorithmSpecification!.TrainingImage,
    );
  });

  it("runs a job on two 4-GPU instances: moto stores the request the SageMaker SDK builds for it", async () => {
    // The same settings as the "two 4-GPU instances on spot" case of sdk/cases.json.
    const cases = JSON.parse(
      await readFile(path.resolve("tests/trainers/sagemaker/sdk/cases.json"), "utf8"),
    ) as { cases: { name: string; config: Record<string, unknown> }[] };
    const sdk = JSON.parse(
      await readFile(path.resolve("tests/trainers/sagemaker/sdk/sdk-requests.json"), "utf8"),
    ) as { requests: Record<string, CreateTrainingJobRequest> };
    const name = "two 4-GPU instances on spot";
    const config = cases.cases.find((c) => c.name === name)!.config;
    await s3.send(new CreateBucketCommand({ Bucket: String(config.bucket) }));
    const multi = createSageMakerBackend({
      ...(config as { region: string; roleArn: string; bucket: string }),
      endpoints: { sagemaker: moto.url, s3: moto.url, logs: moto.url },
      minPollIntervalMs: 0,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    const ref = await multi.submit(runSpec(), { runId: "run-2", workDir: "/tmp/unused" });
    const desc = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: ref.id }));
    const expected = sdk.requests[name]!;
    expect(desc.ResourceConfig).toEqual(expected.ResourceConfig);
    expect(desc.HyperParameters).toEqual(expected.HyperParameters);
    expect(desc.HyperParameters).toMatchObject({
      sagemaker_torch_distributed_enabled: "true",
      sagemaker_instance_type: '"ml.g5.12xlarge"',
    });
    expect(desc.InputDataConfig).toEqual(expected.InputDataConfig);
    expect(desc.CheckpointConfig).toEqual(expected.CheckpointConfig);
    expect(desc.StoppingCondition).toEqual(expected.StoppingCondition);
    expect(desc.AlgorithmSpecification?.TrainingImage).toBe(
      expected.AlgorithmSpecification!.TrainingImage,
    );
    const { polled } = await pollOnce(multi, ref);
    expect(polled.at(-1)!.event).toMatchObject({
      type: "completed",
      adapterPath: "s3://my-bucket/tb/jobs/tunebench-run-2/output/model.tar.gz",
    });
  });

  it("polls moto's instantly Completed job to a completed event, then reads the eval predictions from output.tar.gz", async () => {
    const spec = runSpec();
    const ref = await backend.submit(spec, { runId: "moto-2", workDir: "/tmp/unused" });
    const { polled } = await pollOnce(backend, ref);
    const done = polled.at(-1)!.event;
    expect(done).toMatchObject({
      type: "completed",
      adapterPath: "s3://tb-moto/tunebench/jobs/tunebench-moto-2/output/model.tar.gz",
    });

    // What SageMaker uploads from /opt/ml/output/data after sagemaker.py wrote predictions.jsonl.
    const dir = await mkdtemp(path.join(os.tmpdir(), "tb-out-"));
    await mkdir(path.join(dir, "data"));
    const rows = spec.eval!.map((m, i) => ({
      id: String(i),
      messages: m.slice(0, -1),
      output: `answer ${i}`,
    }));
    await writeFile(
      path.join(dir, "data", "predictions.jsonl"),
      `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`,
    );
    await tar.c(
      { gzip: true, cwd: path.join(dir, "data"), file: path.join(dir, "output.tar.gz") },
      ["predictions.jsonl"],
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: "tb-moto",
        Key: "tunebench/jobs/tunebench-moto-2/output/output.tar.gz",
        Body: await readFile(path.join(dir, "output.tar.gz")),
      }),
    );

    // Prompts come in the evaluation's own order and ids; they are matched by their messages.
    const prompts = [
      { id: "7", messages: spec.eval![1]!.slice(0, -1) },
      { id: "3", messages: spec.eval![0]!.slice(0, -1) },
    ];
    const preds = [];
    for await (const p of backend.generate({
      baseModel: spec.baseModel,
      ref: polled.at(-1)!.ref,
      adapterPath: null,
      prompts,
      settings: { maxNewTokens: 16, temperature: 0, topP: 1, stop: [] },
      workDir: dir,
    }))
      preds.push(p);
    expect(preds).toEqual([
      { id: "7", output: "answer 1" },
      { id: "3", output: "answer 0" },
    ]);

    const unknown = [
      { id: "9", messages: [{ role: "user" as const, content: "not in the eval split" }] },
    ];
    const gen = backend.generate({
      baseModel: spec.baseModel,
      ref: polled.at(-1)!.ref,
      adapterPath: null,
      prompts: unknown,
      settings: { maxNewTokens: 16, temperature: 0, topP: 1, stop: [] },
      workDir: dir,
    });
    // Not in the eval split: a generation job is created (moto completes it at once, with no output).
    await expect(
      (async () => {
        for await (const _ of gen) void _;
      })(),
    ).rejects.toThrow(/generation job tunebench-gen-\w+ completed without predictions.jsonl/);
  });

  it("gives a full run's model.tar.gz to its generation job as the model channel, not an adapter", async () => {
    const spec = runSpec({ parameters: "full" });
    const ref = await backend.submit(spec, { runId: "moto-full", workDir: "/tmp/unused" });
    const { polled } = await pollOnce(backend, ref);
    const gen = backend.generate({
      baseModel: spec.baseModel,
      ref: polled.at(-1)!.ref,
      adapterPath: null,
      prompts: [{ id: "1", messages: [{ role: "user", content: "not in the eval split" }] }],
      settings: { maxNewTokens: 16, temperature: 0, topP: 1, stop: [] },
      workDir: "/tmp/unused",
    });
    // moto completes the generation job at once, with no output; the request it stored is the point.
    const error = await (async () => {
      for await (const _ of gen) void _;
    })().catch((e: Error) => e.message);
    const jobName = /generation job (tunebench-gen-\w+)/.exec(String(error))![1]!;
    const desc = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName }));
    expect(
      desc.InputDataConfig!.map((c) => [c.ChannelName, c.DataSource!.S3DataSource!.S3Uri]),
    ).toEqual([
      ["prompts", expect.stringMatching(/^s3:\/\/tb-moto\/.*\/prompts\/$/)],
      ["model", "s3://tb-moto/tunebench/jobs/tunebench-moto-full/output/model.tar.gz"],
    ]);
  });
});
