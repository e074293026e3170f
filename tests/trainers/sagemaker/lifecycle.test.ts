import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SageMakerConfigInput } from "@/trainers/sagemaker/config";
import { createSageMakerBackend } from "@/trainers/sagemaker/sagemaker-backend";
import { type FakeSageMaker, startFakeSageMaker } from "./fake-sagemaker";
import { pollOnce, runSpec, workerLine } from "./helpers";

let fake: FakeSageMaker;
beforeAll(async () => {
  fake = await startFakeSageMaker();
});
afterAll(() => fake.close());

const backendFor = (over: Partial<SageMakerConfigInput> = {}) =>
  createSageMakerBackend({
    region: "us-east-1",
    roleArn: "arn:aws:iam::123456789012:role/SageMakerRole",
    bucket: "tb-bucket",
    endpoints: { sagemaker: fake.url, s3: fake.url, logs: fake.url },
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    pollIntervalMs: 10,
    minPollIntervalMs: 0,
    ...over,
  });

const types = (p: { polled: { event: { type: string } }[] }) => p.polled.map((x) => x.event.type);

describe("SageMaker lifecycle against a stateful fake over HTTP", () => {
  it("InProgress → Training → Completed: transitions, worker metrics from CloudWatch Logs, cost, adapter", async () => {
    const backend = backendFor();
    let ref = await backend.submit(runSpec(), { runId: "run-happy", workDir: "/tmp/unused" });
    const name = ref.id;
    expect(fake.jobs.get(name)?.request.TrainingJobName).toBe("tunebench-run-happy");
    expect(fake.objects.has(`tb-bucket/tunebench/${name}/source/sourcedir.tar.gz`)).toBe(true);
    expect(
      fake.objects
        .get(`tb-bucket/tunebench/${name}/data/train/train.jsonl`)!
        .toString()
        .split("\n")
        .filter(Boolean),
    ).toHaveLength(12);

    let p = await pollOnce(backend, ref);
    expect(p.polled.map((x) => x.event)).toEqual([
      expect.objectContaining({
        type: "log",
        message: expect.stringContaining("Starting - Preparing the instances"),
      }),
    ]);
    ref = p.ref;

    fake.transition(name, "InProgress", "Downloading", "Downloading input data");
    fake.transition(
      name,
      "InProgress",
      "Training",
      "Training image download completed. Training in progress.",
    );
    fake.log(
      name,
      "algo-1-1700000000",
      "2026-11-24 10:00:00 INFO loading model",
      workerLine({
        type: "started",
        device: "cuda",
        dtype: "bfloat16",
        total_steps: 30,
        trainable_params: 1,
        total_params: 2,
        resumed_from_step: 0,
      }),
      workerLine({
        type: "progress",
        step: 5,
        total_steps: 30,
        epoch: 0.5,
        tokens_seen: 100,
        tokens_per_s: 50.5,
        eta_s: 10,
        peak_mem_bytes: 7_000_000_000,
      }),
      workerLine({ type: "metric", step: 5, name: "train/loss", value: 2.5 }),
      workerLine({ type: "metric", step: 10, name: "train/loss", value: 1.25e-1 }),
      workerLine({
        type: "completed",
        step: 30,
        adapter_path: "/opt/ml/checkpoints/adapter",
        best_step: null,
      }),
    );
    p = await pollOnce(backend, ref);
    expect(types(p)).toEqual(["log", "log", "started", "progress", "metric", "metric"]);
    expect(p.polled.filter((x) => x.event.type === "metric").map((x) => x.event)).toEqual([
      expect.objectContaining({ step: 5, name: "train/loss", value: 2.5 }),
      expect.objectContaining({ step: 10, name: "train/loss", value: 0.125 }),
    ]);
    expect(p.polled.map((x) => x.seq)).toEqual([2, 3, 4, 5, 6, 7]);
    // The worker's memory figure reaches us through CloudWatch as it does from a local worker.
    expect(p.polled.find((x) => x.event.type === "progress")!.event).toMatchObject({
      peakMemBytes: 7_000_000_000,
    });
    ref = p.ref;

    // Nothing new: the stored cursor and log tokens mean nothing is reported twice.
    expect((await pollOnce(backend, ref)).polled).toEqual([]);

    fake.transition(name, "InProgress", "Uploading", "Uploading generated training model");
    fake.transition(name, "Completed", "Completed", "Training job completed", {
      BillableTimeInSeconds: 3600,
      TrainingTimeInSeconds: 3600,
      TrainingEndTime: Date.now() / 1000,
    });
    p = await pollOnce(backend, ref);
    const events = p.polled.map((x) => x.event);
    expect(types(p)).toEqual(["log", "log", "metric", "metric", "log", "artifact", "completed"]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: "metric", name: "cost/usd", value: 1.515 }),
    );
    expect(events.at(-1)).toMatchObject({
      type: "completed",
      step: 10,
      adapterPath: `s3://tb-bucket/tunebench/jobs/${name}/output/model.tar.gz`,
    });
    expect(p.ref.state.finished).toBe(true);
    expect((await pollOnce(backend, p.ref)).polled).toEqual([]);
  });

  it("a consumer that stops mid-batch replays it with the same seq numbers", async () => {
    const backend = backendFor();
    const ref = await backend.submit(runSpec(), { runId: "run-replay", workDir: "/tmp/unused" });
    fake.transition(ref.id, "InProgress", "Training", "training");
    const first: number[] = [];
    let stored = ref;
    for await (const p of backend.poll(ref)) {
      first.push(p.seq);
      stored = p.ref;
      break; // the server died after storing one event
    }
    const again = await pollOnce(backend, stored);
    expect(first).toEqual([1]);
    expect(again.polled.map((x) => x.seq)).toEqual([1, 2]);
  });

  it("looks at a job at most once per minPollIntervalMs, however often it is polled", async () => {
    const backend = backendFor({ minPollIntervalMs: 300 });
    const ref = await backend.submit(runSpec(), { runId: "run-throttle", workDir: "/tmp/unused" });
    const describes = () =>
      fake.calls.filter(
        (c) => c.target === "SageMaker.DescribeTrainingJob" && c.body.TrainingJobName === ref.id,
      ).length;
    const first = await pollOnce(backend, ref);
    expect(describes()).toBe(1);
    fake.transition(ref.id, "InProgress", "Training", "training");
    expect((await pollOnce(backend, first.ref)).polled).toEqual([]); // too soon, and no time to wait
    expect(describes()).toBe(1);
    const waited = await pollOnce(backend, first.ref, 1000); // waits out the interval, then looks
    expect(waited.polled.map((p) => p.event.type)).toEqual(["log"]);
    expect(describes()).toBe(2);
  });

  it("Failed carries SageMaker's FailureReason", async () => {
    const backend = backendFor();
    const ref = await backend.submit(runSpec(), { runId: "run-fail", workDir: "/tmp/unused" });
    fake.transition(ref.id, "Failed", "Failed", "Training job failed", {
      FailureReason:
        "AlgorithmError: ExecuteUserScriptError: training failed: lora.r must be a positive integer",
    });
    const p = await pollOnce(backend, ref);
    expect(p.polled.at(-1)!.event).toMatchObject({
      type: "failed",
      error: expect.stringContaining("lora.r must be a positive integer"),
    });
  });

  it("spot: an interruption is reported and the restarted container resumes from its checkpoint", async () => {
    const backend = backendFor({ spot: { enabled: true, maxWaitSeconds: 172800 } });
    let ref = await backend.submit(runSpec(), { runId: "run-spot", workDir: "/tmp/unused" });
    const req = fake.jobs.get(ref.id)!.request;
    expect(req.EnableManagedSpotTraining).toBe(true);
    expect(req.StoppingCondition).toEqual({
      MaxRuntimeInSeconds: 86400,
      MaxWaitTimeInSeconds: 172800,
    });
    expect(req.CheckpointConfig).toEqual({
      S3Uri: "s3://tb-bucket/tunebench/checkpoints/run-spot/",
      LocalPath: "/opt/ml/checkpoints",
    });

    fake.transition(ref.id, "InProgress", "Training", "training");
    fake.log(
      ref.id,
      "algo-1-1",
      workerLine({ type: "started", device: "cuda", total_steps: 30, resumed_from_step: 0 }),
      workerLine({
        type: "checkpoint",
        step: 10,
        path: "/opt/ml/checkpoints/checkpoints/step_000010",
      }),
    );
    ref = (await pollOnce(backend, ref)).ref;
    fake.transition(ref.id, "InProgress", "Interrupted", "Training job interrupted by EC2 spot");
    fake.transition(ref.id, "InProgress", "Starting", "Preparing the instances for training");
    fake.transition(ref.id, "InProgress", "Training", "training");
    fake.log(
      ref.id,
      "algo-1-2",
      workerLine({ type: "started", device: "cuda", total_steps: 30, resumed_from_step: 10 }),
    );
    fake.transition(ref.id, "Completed", "Completed", "done", {
      BillableTimeInSeconds: 1000,
      TrainingTimeInSeconds: 2500,
    });
    const p = await pollOnce(backend, ref);
    const events = p.polled.map((x) => x.event);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "log",
        level: "warning",
        message: expect.stringContaining("spot interruption"),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: "started", resumedFromStep: 10 }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "log",
        message: expect.stringContaining("spot savings 60%"),
      }),
    );
    expect(events.at(-1)).toMatchObject({ type: "completed" });
  });

  it("spot capacity never came back: resubmits a job on the same checkpoint prefix and follows it", async () => {
    const backend = backendFor({ spot: { enabled: true, maxWaitSeconds: 172800 } });
    let ref = await backend.submit(runSpec(), { runId: "run-capacity", workDir: "/tmp/unused" });
    const firstName = ref.id;
    fake.transition(firstName, "Stopped", "MaxWaitTimeExceeded", "spot capacity unavailable");
    let p = await pollOnce(backend, ref);
    ref = p.ref;
    expect(p.polled.at(-1)!.event).toMatchObject({
      type: "log",
      level: "warning",
      message: expect.stringContaining(
        "resumes from s3://tb-bucket/tunebench/checkpoints/run-capacity/",
      ),
    });
    expect(ref.id).toBe(`${firstName}-r1`);
    const second = fake.jobs.get(ref.id)!.request;
    expect(second.CheckpointConfig).toEqual(fake.jobs.get(firstName)!.request.CheckpointConfig);
    expect(second.HyperParameters.sagemaker_job_name).toBe(JSON.stringify(ref.id));
    fake.transition(ref.id, "Completed", "Completed", "done");
    p = await pollOnce(backend, ref);
    expect(p.polled.at(-1)!.event).toMatchObject({
      type: "completed",
      adapterPath: expect.stringContaining(`${firstName}-r1/output/model.tar.gz`),
    });
  });

  it("after maxResubmits, running out of spot capacity fails the run with what to change", async () => {
    const backend = backendFor({
      spot: { enabled: true, maxWaitSeconds: 172800 },
      maxResubmits: 0,
    });
    const ref = await backend.submit(runSpec(), {
      runId: "run-capacity-2",
      workDir: "/tmp/unused",
    });
    fake.transition(ref.id, "Stopped", "MaxWaitTimeExceeded", "spot capacity unavailable");
    const p = await pollOnce(backend, ref);
    expect(p.polled.at(-1)!.event).toMatchObject({
      type: "failed",
      error: expect.stringContaining("raise it or turn spot off"),
    });
  });

  it("cancel sends StopTrainingJob; Stopping → Stopped becomes cancelled; cancelling again is harmless", async () => {
    const backend = backendFor();
    let ref = await backend.submit(runSpec(), { runId: "run-stop", workDir: "/tmp/unused" });
    fake.transition(ref.id, "InProgress", "Training", "training");
    ref = (await pollOnce(backend, ref)).ref;
    await backend.cancel(ref);
    expect(fake.calls.at(-1)).toEqual({
      target: "SageMaker.StopTrainingJob",
      body: { TrainingJobName: ref.id },
    });
    const p = await pollOnce(backend, ref);
    expect(types(p).slice(-1)).toEqual(["cancelled"]);
    expect(p.polled.map((x) => x.event)).toContainEqual(
      expect.objectContaining({ type: "log", message: expect.stringContaining("Stopping") }),
    );
    await expect(backend.cancel(p.ref)).resolves.toBeUndefined();
  });

  it("a dispatch retried after a crash reattaches to the job it already created", async () => {
    const backend = backendFor();
    const a = await backend.submit(runSpec(), { runId: "run-twice", workDir: "/tmp/unused" });
    const b = await backend.submit(runSpec(), { runId: "run-twice", workDir: "/tmp/unused" });
    expect(b.id).toBe(a.id);
    expect(
      fake.calls.filter(
        (c) => c.target === "SageMaker.CreateTrainingJob" && c.body.TrainingJobName === a.id,
      ),
    ).toHaveLength(2);
  });

  it("generate(): prompts the training job did not predict run as a generation job on its adapter; the same request reuses it", async () => {
    const backend = backendFor();
    let ref = await backend.submit(runSpec({ eval: null }), {
      runId: "run-gen",
      workDir: "/tmp/unused",
    });
    fake.transition(ref.id, "Completed", "Completed", "done");
    ref = (await pollOnce(backend, ref)).ref;
    const prompts = [
      { id: "0", messages: [{ role: "user" as const, content: "what is 20 + 1?" }] },
      { id: "1", messages: [{ role: "user" as const, content: "what is 30 + 1?" }] },
    ];
    const settings = { maxNewTokens: 32, temperature: 0, topP: 1, stop: ["\n"] };
    const collect = async (r: typeof ref | null) => {
      const out = [];
      for await (const p of backend.generate({
        baseModel: "HuggingFaceTB/SmolLM2-135M-Instruct",
        ref: r,
        adapterPath: null,
        prompts,
        settings,
        workDir: "/tmp/unused",
      }))
        out.push(p);
      return out;
    };
    const pending = collect(ref);
    const gen = await waitForJob(
      (n) =>
        n.startsWith("tunebench-gen-") && fake.jobs.get(n)!.request.InputDataConfig.length === 2,
    );
    const req = fake.jobs.get(gen)!.request;
    expect(
      req.InputDataConfig.map(
        (c: { ChannelName: string; DataSource: { S3DataSource: { S3Uri: string } } }) => [
          c.ChannelName,
          c.DataSource.S3DataSource.S3Uri,
        ],
      ),
    ).toEqual([
      ["prompts", `s3://tb-bucket/tunebench/${gen}/data/prompts/`],
      ["adapter", `s3://tb-bucket/tunebench/jobs/${ref.id}/output/model.tar.gz`],
    ]);
    expect(req.HyperParameters).toMatchObject({
      mode: '"generate"',
      gen_max_new_tokens: "32",
      gen_stop: '["\\n"]',
      sagemaker_program: '"worker/sagemaker.py"',
    });
    expect(req).not.toHaveProperty("CheckpointConfig");
    const sentPrompts = fake.objects
      .get(`tb-bucket/tunebench/${gen}/data/prompts/prompts.jsonl`)!
      .toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(sentPrompts).toEqual(prompts);
    await finishWithPredictions(
      gen,
      prompts.map((p) => ({ ...p, output: `adapter says ${p.id}` })),
    );
    expect(await pending).toEqual([
      { id: "0", output: "adapter says 0" },
      { id: "1", output: "adapter says 1" },
    ]);

    // Asked again: the same job name, found Completed, read again; nothing new is created.
    const creates = fake.calls.filter((c) => c.target === "SageMaker.CreateTrainingJob").length;
    expect(await collect(ref)).toEqual([
      { id: "0", output: "adapter says 0" },
      { id: "1", output: "adapter says 1" },
    ]);
    expect(fake.jobs.size).toBe(
      new Set(
        fake.calls
          .filter((c) => c.target === "SageMaker.CreateTrainingJob")
          .map((c) => c.body.TrainingJobName),
      ).size,
    );
    expect(fake.calls.filter((c) => c.target === "SageMaker.CreateTrainingJob").length).toBe(
      creates + 1,
    );

    // The baseline: no adapter channel; a failed job's reason comes through.
    const baseline = collect(null);
    const base = await waitForJob(
      (n) =>
        n.startsWith("tunebench-gen-") && fake.jobs.get(n)!.request.InputDataConfig.length === 1,
    );
    fake.transition(base, "Failed", "Failed", "failed", {
      FailureReason: "AlgorithmError: predictions failed: CUDA out of memory",
    });
    await expect(baseline).rejects.toThrow(
      /generation job tunebench-gen-\w+ failed: AlgorithmError: predictions failed: CUDA out of memory/,
    );
  });
});

async function waitForJob(match: (name: string) => boolean): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const hit = [...fake.jobs.keys()].find(match);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("no matching job was created");
}

/** What SageMaker uploads from /opt/ml/output/data, then Completed. */
async function finishWithPredictions(
  job: string,
  rows: { id: string; messages: unknown; output: string }[],
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tb-gen-"));
  await writeFile(
    path.join(dir, "predictions.jsonl"),
    `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`,
  );
  await tar.c({ gzip: true, cwd: dir, file: path.join(dir, "output.tar.gz") }, [
    "predictions.jsonl",
  ]);
  fake.objects.set(
    `tb-bucket/tunebench/jobs/${job}/output/output.tar.gz`,
    await readFile(path.join(dir, "output.tar.gz")),
  );
  fake.transition(job, "Completed", "Completed", "done");
}
