import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { OpenAIConfigInput } from "@/trainers/openai/config";
import { createOpenAIBackend } from "@/trainers/openai/openai-backend";
import type { ExternalRef, TrainingBackend } from "@/trainers/types";
import { pollOnce, runSpec } from "../sagemaker/helpers";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai";

// The real openai SDK (v6) against a stateful fake over HTTP; every request it sends is checked
// against the official OpenAPI document by the fake (specErrors must stay empty).

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.specErrors).toEqual([]);
});

const MODEL = "gpt-4o-mini-2024-07-18";
const backendFor = (over: Partial<OpenAIConfigInput> = {}): TrainingBackend =>
  createOpenAIBackend({
    apiKey: "sk-test",
    baseURL: `${fake.url}/v1`,
    backoffBaseMs: 1,
    minPollIntervalMs: 0,
    ...over,
  });
const spec = () => runSpec({ baseModel: MODEL });
const settings = { maxNewTokens: 32, temperature: 0, topP: 1, stop: ["\n\n"] };
const types = (p: { polled: { event: { type: string } }[] }) => p.polled.map((x) => x.event.type);

describe("OpenAI fine-tuning lifecycle against a stateful fake, driven by the real SDK", () => {
  it("uploads chat JSONL, creates a supervised job, then follows events, metrics, checkpoints and cost", async () => {
    const backend = backendFor();
    let ref = await backend.submit(spec(), { runId: "oa-1", workDir: "/tmp/unused" });
    const job = fake.jobs.get(ref.id)!;
    expect(
      fake.files
        .get(job.training_file)!
        .content.trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual(spec().train.map((messages) => ({ messages })));
    expect(fake.files.get(job.validation_file!)!.purpose).toBe("fine-tune");
    expect(job).toMatchObject({
      model: MODEL,
      seed: 42,
      suffix: "tb-oa-1",
      metadata: { tunebench_run_id: "oa-1" },
      method: {
        type: "supervised",
        supervised: {
          hyperparameters: { n_epochs: 3, batch_size: 8, learning_rate_multiplier: 1 },
        },
      },
    });

    let p = await pollOnce(backend, ref);
    expect(p.polled.map((x) => x.event)).toEqual([
      expect.objectContaining({
        type: "log",
        message: `OpenAI: Created fine-tuning job: ${ref.id}`,
      }),
    ]);
    ref = p.ref;

    // 150 metric events: more than one page of 100, newest first on the wire.
    const metrics = Array.from({ length: 150 }, (_, i) => ({
      type: "metrics" as const,
      message: `Step ${i + 1}/150`,
      data: {
        step: i + 1,
        total_steps: 150,
        train_loss: 2 - i / 100,
        train_mean_token_accuracy: 0.5,
      },
    }));
    fake.advance(ref.id, {
      status: "running",
      events: [{ message: "Fine-tuning job started" }, ...metrics],
      checkpoints: [{ step: 75, metrics: { step: 75 } }],
    });
    p = await pollOnce(backend, ref);
    expect(types(p).slice(0, 3)).toEqual(["started", "log", "progress"]);
    const losses = p.polled
      .map((x) => x.event)
      .filter((e) => e.type === "metric" && e.name === "train/loss");
    expect(losses.map((e) => (e as { step: number }).step)).toEqual(
      Array.from({ length: 150 }, (_, i) => i + 1),
    );
    expect(p.polled.at(-1)!.event).toMatchObject({
      type: "checkpoint",
      step: 75,
      path: `ft:${MODEL}:org:tb:ckpt-step-75`,
    });
    ref = p.ref;
    expect((await pollOnce(backend, ref)).polled).toEqual([]);

    fake.advance(ref.id, {
      status: "succeeded",
      fine_tuned_model: `ft:${MODEL}:org:tb-oa-1:abc123`,
      trained_tokens: 1_000_000,
      events: [{ message: "The job has successfully completed" }],
    });
    p = await pollOnce(backend, ref);
    expect(types(p)).toEqual(["log", "metric", "metric", "artifact", "completed"]);
    expect(p.polled.map((x) => x.event)).toContainEqual(
      expect.objectContaining({ name: "cost/usd", value: 3 }),
    );
    expect(p.polled.at(-1)!.event).toMatchObject({
      type: "completed",
      step: 150,
      adapterPath: `ft:${MODEL}:org:tb-oa-1:abc123`,
    });
    expect((await pollOnce(backend, p.ref)).polled).toEqual([]);
  });

  it("reads metrics from a base64 result CSV, by header, when a service sends no metrics events", async () => {
    const backend = backendFor();
    const ref = await backend.submit(spec(), { runId: "oa-csv", workDir: "/tmp/unused" });
    const csv =
      "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,1.52347,0.0,,\n2,1.2,0.25,1.4,0.3\n";
    fake.files.set("file-result", {
      filename: "step_metrics.csv",
      purpose: "fine-tune-results",
      content: Buffer.from(csv).toString("base64"),
    });
    fake.advance(ref.id, {
      status: "succeeded",
      fine_tuned_model: `ft:${MODEL}:org:tb:x`,
      result_files: ["file-result"],
    });
    const events = (await pollOnce(backend, ref)).polled.map((x) => x.event);
    expect(
      events
        .filter((e) => e.type === "metric")
        .map((e) => [e.type === "metric" && e.name, e.type === "metric" && e.value]),
    ).toEqual([
      ["train/loss", 1.52347],
      ["train/token_accuracy", 0],
      ["train/loss", 1.2],
      ["train/token_accuracy", 0.25],
      ["eval/loss", 1.4],
      ["eval/token_accuracy", 0.3],
    ]);
    expect(events.at(-1)).toMatchObject({ type: "completed", step: 0 });
  });

  it("a failed job reports OpenAI's error", async () => {
    const backend = backendFor();
    const ref = await backend.submit(spec(), { runId: "oa-fail", workDir: "/tmp/unused" });
    fake.advance(ref.id, {
      status: "failed",
      error: {
        code: "invalid_training_file",
        message: "The file has 3 examples; the minimum is 10",
        param: "training_file",
      },
    });
    const p = await pollOnce(backend, ref);
    expect(p.polled.at(-1)!.event).toMatchObject({
      type: "failed",
      error: expect.stringContaining("minimum is 10 (invalid_training_file, training_file)"),
    });
  });

  it("cancel, then cancelling an ended job again is harmless", async () => {
    const backend = backendFor();
    let ref: ExternalRef = await backend.submit(spec(), {
      runId: "oa-cancel",
      workDir: "/tmp/unused",
    });
    await backend.cancel(ref);
    const p = await pollOnce(backend, ref);
    expect(types(p).at(-1)).toBe("cancelled");
    ref = p.ref;
    await expect(backend.cancel(ref)).resolves.toBeUndefined();
  });

  it("a dispatch retried after a crash reattaches to the job tagged with its run id", async () => {
    const backend = backendFor();
    const a = await backend.submit(spec(), { runId: "oa-twice", workDir: "/tmp/unused" });
    const b = await backend.submit(spec(), { runId: "oa-twice", workDir: "/tmp/unused" });
    expect(b.id).toBe(a.id);
    expect(
      [...fake.jobs.values()].filter((j) => j.metadata?.tunebench_run_id === "oa-twice"),
    ).toHaveLength(1);
  });

  it("turns OpenAI's refusal (the self-serve wind-down) into a clear message and deletes the uploads", async () => {
    const backend = backendFor();
    const before = fake.files.size;
    fake.refuseJobs = "Fine-tuning is not available for your organization.";
    try {
      await expect(
        backend.submit(spec(), { runId: "oa-refused", workDir: "/tmp/unused" }),
      ).rejects.toThrow(
        /HTTP 403: .*not available for your organization.*since 2026-05-07.*2027-01-06.*OPENAI_BASE_URL/s,
      );
    } finally {
      fake.refuseJobs = null;
    }
    expect(fake.files.size).toBe(before);
  });

  it("generates with bounded concurrency, retries 429/5xx with backoff, keeps order and accounts tokens", async () => {
    const usage: unknown[] = [];
    const backend = backendFor({ concurrency: 3 });
    const ref = await backend.submit(spec(), { runId: "oa-gen", workDir: "/tmp/unused" });
    fake.advance(ref.id, { status: "succeeded", fine_tuned_model: `ft:${MODEL}:org:tb-oa-gen:g1` });
    const prompts = Array.from({ length: 12 }, (_, i) => ({
      id: `p${i}`,
      messages: [{ role: "user" as const, content: `question ${i}` }],
    }));
    fake.chat.maxInFlight = 0;
    fake.chat.faults = [429, 500, 503];
    const before = fake.requests.length;
    const preds = [];
    for await (const x of backend.generate({
      baseModel: MODEL,
      ref,
      adapterPath: null,
      prompts,
      settings,
      workDir: "/tmp/unused",
      onUsage: (u) => usage.push(u),
    }))
      preds.push(x);
    expect(preds).toEqual(
      prompts.map((p, i) => ({ id: p.id, output: `ft:${MODEL}:org:tb-oa-gen:g1> question ${i}` })),
    );
    expect(fake.chat.maxInFlight).toBe(3);
    expect(fake.requests.slice(before).filter((r) => r.path === "/chat/completions")).toHaveLength(
      15,
    );
    // 12 answered calls × (100 in + 20 out) at $0.30 / $1.20 per 1M
    expect(usage).toEqual([
      {
        model: `ft:${MODEL}:org:tb-oa-gen:g1`,
        promptTokens: 1200,
        completionTokens: 240,
        costUsd: expect.closeTo(0.000648, 9),
      },
    ]);
  });

  it("prices a baseline's generation (the base model) at the base model's price, not the fine-tuned one", async () => {
    const usage: { costUsd: number | null }[] = [];
    const prompts = [{ id: "a", messages: [{ role: "user" as const, content: "hi" }] }];
    for await (const _ of backendFor({}).generate({
      baseModel: MODEL,
      ref: null,
      adapterPath: null,
      prompts,
      settings,
      workDir: "/tmp/unused",
      onUsage: (u) => usage.push(u),
    }));
    // 100 in + 20 out at gpt-4o-mini's $0.15 / $0.60 per 1M (fine-tuned: $0.30 / $1.20)
    expect(usage[0]!.costUsd).toBeCloseTo(0.000027, 9);
  });

  it("gives up after maxAttempts and does not retry a 4xx", async () => {
    const backend = backendFor({ maxAttempts: 2 });
    const prompts = [{ id: "a", messages: [{ role: "user" as const, content: "hi" }] }];
    const run = async () => {
      for await (const _ of backend.generate({
        baseModel: MODEL,
        ref: null,
        adapterPath: null,
        prompts,
        settings,
        workDir: "/tmp/unused",
      }))
        void _;
    };
    fake.chat.faults = [500, 500];
    await expect(run()).rejects.toMatchObject({ status: 500 });
    fake.chat.faults = [400];
    const before = fake.requests.length;
    await expect(run()).rejects.toMatchObject({ status: 400 });
    expect(fake.requests.length - before).toBe(1);
    fake.chat.faults = [];
    await run(); // the baseline: the base model itself
    expect(fake.requests.at(-1)!.body).toMatchObject({ model: MODEL });
  });

  it("works through the Azure OpenAI client as well", async () => {
    const backend = backendFor({
      baseURL: undefined,
      azure: { endpoint: fake.url, apiVersion: "2025-04-01-preview" },
    });
    const ref = await backend.submit(spec(), { runId: "oa-azure", workDir: "/tmp/unused" });
    const sent = fake.requests
      .filter((r) => r.path === "/fine_tuning/jobs" && r.method === "POST")
      .at(-1)!;
    expect(sent.headers["api-key"]).toBe("sk-test");
    expect(fake.jobs.get(ref.id)!.metadata).toEqual({ tunebench_run_id: "oa-azure" });
  });

  it("generates on Azure through deployments: the base model's from the settings, a fine-tuned model's named after it", async () => {
    const azure = { endpoint: fake.url, apiVersion: "2025-04-01-preview" };
    const backend = backendFor({
      baseURL: undefined,
      azure: { ...azure, deployment: "base-mini" },
    });
    fake.deployments.set("base-mini", MODEL);
    const ref = await backend.submit(spec(), { runId: "oa-az-gen", workDir: "/tmp/unused" });
    const tuned = `${MODEL}.ft-0e208cf33a6a4669`;
    fake.advance(ref.id, { status: "succeeded", fine_tuned_model: tuned });
    fake.deployments.set(tuned, tuned);
    const prompts = [{ id: "a", messages: [{ role: "user" as const, content: "hi" }] }];
    const usage: { model: string }[] = [];
    const generate = async (b: TrainingBackend, r: ExternalRef | null) => {
      const out = [];
      for await (const x of b.generate({
        baseModel: MODEL,
        ref: r,
        adapterPath: null,
        prompts,
        settings,
        workDir: "/tmp/unused",
        onUsage: (u) => usage.push(u),
      }))
        out.push(x.output);
      return { outputs: out, deployment: fake.requests.at(-1)!.deployment };
    };
    expect(await generate(backend, null)).toEqual({
      outputs: [`${MODEL}> hi`],
      deployment: "base-mini",
    });
    expect(await generate(backend, ref)).toEqual({ outputs: [`${tuned}> hi`], deployment: tuned });
    // Priced and reported as the model, not the deployment's name.
    expect(usage.map((u) => u.model)).toEqual([MODEL, tuned]);
    // Without the setting the baseline asks for a deployment named after the model, which Azure lacks.
    await expect(generate(backendFor({ baseURL: undefined, azure }), null)).rejects.toMatchObject({
      status: 404,
    });
  });

  it("refuses a model or deployment name that cannot be an Azure deployment (it would reach the request path)", async () => {
    const azure = { endpoint: fake.url, apiVersion: "2025-04-01-preview" };
    const before = fake.requests.length;
    const run = async (deployment?: string) => {
      const backend = backendFor({ baseURL: undefined, azure: { ...azure, deployment } });
      for await (const _ of backend.generate({
        baseModel: "../../files",
        ref: null,
        adapterPath: null,
        prompts: [{ id: "a", messages: [{ role: "user" as const, content: "hi" }] }],
        settings,
        workDir: "/tmp/unused",
      }))
        void _;
    };
    await expect(run()).rejects.toThrow(/"\.\.\/\.\.\/files" cannot name one/);
    await expect(run("a/b?x=1")).rejects.toThrow(/set the project's Azure deployment/);
    expect(fake.requests.length).toBe(before);
  });

  it("the spec check is live: a malformed request is answered 422 and recorded", async () => {
    const res = await fetch(`${fake.url}/v1/fine_tuning/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, method: { type: "lora" } }),
    });
    expect(res.status).toBe(422);
    expect(fake.specErrors.join("\n")).toMatch(/must have required property 'training_file'/);
    expect(fake.specErrors.join("\n")).toMatch(
      /method\/type must be equal to one of the allowed values/,
    );
    fake.specErrors.length = 0;
  });
});
