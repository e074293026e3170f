import type { FineTuningJob, FineTuningJobEvent } from "openai/resources/fine-tuning/jobs/jobs";
import { describe, expect, it } from "vitest";
import { priceOf, tokenLimitOf } from "@/trainers/openai/catalog";
import {
  checkpointToBackend,
  eventToBackend,
  jobCreateParams,
  jobOutcome,
  parseResultCsv,
  suffixFor,
} from "@/trainers/openai/transform";
import { explainRefusal, validateOpenAISpec } from "@/trainers/openai/validate";
import { chat, runSpec } from "../sagemaker/helpers";

const MODEL = "gpt-4o-mini-2024-07-18";
const before = { now: new Date("2026-11-24T00:00:00Z"), officialApi: true };

describe("OpenAI request transform", () => {
  it("builds fineTuning.jobs.create params with the supervised method (snapshot)", () => {
    const spec = runSpec({
      baseModel: MODEL,
      training: {
        ...runSpec().training,
        learningRate: 1e-4,
        batchSize: 2,
        gradAccum: 4,
        epochs: 2,
        seed: 7,
      },
    });
    expect(
      jobCreateParams(spec, {
        runId: "run/42 ü",
        trainingFile: "file-train",
        validationFile: "file-eval",
      }),
    ).toMatchSnapshot();
    expect(
      jobCreateParams(spec, { runId: "r", trainingFile: "f", validationFile: null }),
    ).not.toHaveProperty("validation_file");
  });

  it("keeps the suffix within OpenAI's 64 characters", () => {
    expect(suffixFor("x".repeat(100))).toHaveLength(64);
  });
});

describe("OpenAI status transform", () => {
  const job = (over: Partial<FineTuningJob>): FineTuningJob =>
    ({
      id: "ftjob-1",
      object: "fine_tuning.job",
      created_at: 1,
      finished_at: 100,
      model: MODEL,
      fine_tuned_model: null,
      organization_id: "org",
      status: "running",
      error: null,
      hyperparameters: {},
      training_file: "f",
      validation_file: null,
      result_files: [],
      trained_tokens: null,
      seed: 1,
      ...over,
    }) as FineTuningJob;

  it("maps events, checkpoints and terminal statuses (snapshot)", () => {
    const metrics: FineTuningJobEvent = {
      id: "e1",
      object: "fine_tuning.job.event",
      created_at: 10,
      level: "info",
      message: "Step 300/300",
      type: "metrics",
      data: {
        step: 300,
        train_loss: 0.1499,
        valid_loss: 0.2657,
        total_steps: 300,
        full_valid_loss: 0.4033,
        train_mean_token_accuracy: 0.944,
        valid_mean_token_accuracy: 0.957,
        full_valid_mean_token_accuracy: 0.909,
      },
    };
    const warn: FineTuningJobEvent = {
      id: "e2",
      object: "fine_tuning.job.event",
      created_at: 11,
      level: "warn",
      message: "Example 3 was truncated",
      type: "message",
    };
    const ckpt = {
      id: "c1",
      object: "fine_tuning.job.checkpoint" as const,
      created_at: 12,
      fine_tuned_model_checkpoint: `ft:${MODEL}:org::x:ckpt-step-200`,
      fine_tuning_job_id: "ftjob-1",
      step_number: 200,
      metrics: {},
    };
    expect({
      metrics: eventToBackend(metrics),
      warn: eventToBackend(warn),
      checkpoint: checkpointToBackend(ckpt),
      succeeded: jobOutcome(
        job({
          status: "succeeded",
          fine_tuned_model: `ft:${MODEL}:org::x`,
          trained_tokens: 250_000,
        }),
        300,
        0,
      ),
      failed: jobOutcome(
        job({
          status: "failed",
          error: {
            code: "invalid_n_examples",
            message: "Training file has 5 example(s), but must have at least 10 examples",
            param: "training_file",
          },
        }),
        0,
        0,
      ),
      cancelled: jobOutcome(job({ status: "cancelled" }), 12, 0),
      running: jobOutcome(job({ status: "running" }), 0, 0),
      paused: jobOutcome(job({ status: "paused" as never }), 0, 0),
    }).toMatchSnapshot();
  });

  it("parses result CSVs by header, in either column order, plain or base64", () => {
    const openai =
      "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,1.52347,0.0,,\n2,1.1,0.5,1.3,0.4\n";
    const azure =
      "step,full_valid_loss,train_loss,valid_loss,train_mean_token_accuracy,valid_mean_token_accuracy,full_valid_mean_token_accuracy\r\n1,,1.5,,0.1,,\r\n";
    expect(parseResultCsv(openai)).toEqual([
      {
        step: 1,
        train_loss: 1.52347,
        train_accuracy: 0,
        valid_loss: null,
        valid_mean_token_accuracy: null,
      },
      {
        step: 2,
        train_loss: 1.1,
        train_accuracy: 0.5,
        valid_loss: 1.3,
        valid_mean_token_accuracy: 0.4,
      },
    ]);
    expect(parseResultCsv(Buffer.from(openai).toString("base64"))).toEqual(parseResultCsv(openai));
    expect(parseResultCsv(azure)).toEqual([
      {
        step: 1,
        full_valid_loss: null,
        train_loss: 1.5,
        valid_loss: null,
        train_mean_token_accuracy: 0.1,
        valid_mean_token_accuracy: null,
        full_valid_mean_token_accuracy: null,
      },
    ]);
    expect(() => parseResultCsv("<html>oops</html>")).toThrow(/neither a CSV/);
  });

  it("looks up limits and prices by the longest matching base model", () => {
    expect(tokenLimitOf("gpt-3.5-turbo-0125")).toBe(16_385);
    expect(tokenLimitOf(`ft:${MODEL}:org::x`)).toBe(65_536);
    expect(priceOf(MODEL)!.training).toBe(3);
    expect(priceOf("gpt-4o-2024-08-06")!.training).toBe(25);
    expect(priceOf("llama-3")).toBeNull();
  });
});

describe("OpenAI validation before upload", () => {
  const spec = (over = {}) => runSpec({ baseModel: MODEL, ...over });
  it("accepts a well-formed dataset", () => {
    expect(validateOpenAISpec(spec(), before)).toEqual([]);
  });

  it("needs at least 10 examples", () => {
    expect(validateOpenAISpec(spec({ train: spec().train.slice(0, 9) }), before)).toEqual([
      { field: "train", message: "OpenAI needs at least 10 training examples, got 9" },
    ]);
  });

  it("names bad roles, empty content and examples with nothing to learn", () => {
    const train = spec().train;
    train[2] = [{ role: "tool" as never, content: "x" }, ...chat("q", "a")];
    train[4] = [
      { role: "user", content: "  " },
      { role: "assistant", content: "a" },
    ];
    train[6] = [{ role: "user", content: "q" }];
    const issues = validateOpenAISpec(spec({ train }), before);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toBe(
      'example 2 message 0 has role "tool"; OpenAI supervised fine-tuning takes system, user and assistant; example 4 message 0 (user) has empty or non-text content; example 6 has no assistant message to learn from',
    );
  });

  it("applies the model's per-example token limit", () => {
    const long = chat("x".repeat(70_000), "short");
    expect(
      validateOpenAISpec(spec({ baseModel: "gpt-3.5-turbo-0125", eval: [long] }), before)[0],
    ).toMatchObject({
      field: "eval",
      message: expect.stringMatching(
        /^example 0 has about 17\d{3} tokens; gpt-3.5-turbo-0125 trains on at most 16385/,
      ),
    });
    expect(validateOpenAISpec(spec({ eval: [long] }), before)).toEqual([]);
  });

  it("checks OpenAI's hyperparameter ranges", () => {
    const t = runSpec().training;
    expect(
      validateOpenAISpec(
        spec({ training: { ...t, epochs: 51, batchSize: 64, gradAccum: 8, seed: -1 } }),
        before,
      ).map((i) => i.field),
    ).toEqual(["training.epochs", "training.batchSize", "training.seed"]);
  });

  it("refuses new jobs on OpenAI's own API from 2027-01-06, not on compatible services", () => {
    const after = { now: new Date("2027-01-06T00:00:00Z"), officialApi: true };
    expect(validateOpenAISpec(spec(), after)[0]).toMatchObject({
      field: "backend",
      message: expect.stringContaining("stopped accepting new fine-tuning jobs on 2027-01-06"),
    });
    expect(validateOpenAISpec(spec(), { ...after, officialApi: false })).toEqual([]);
  });

  it("explains refusals, and only refusals", () => {
    expect(
      explainRefusal({
        status: 403,
        message: "403 You are not allowed to create fine-tuning jobs",
      })!.message,
    ).toMatch(/2026-05-07.*2026-07-02.*2027-01-06/);
    expect(
      explainRefusal({
        status: 400,
        message: "400 Fine-tuning is no longer available for this organization",
      }),
    ).not.toBeNull();
    expect(explainRefusal({ status: 400, message: "400 invalid training_file" })).toBeNull();
    expect(explainRefusal({ status: 500, message: "500" })).toBeNull();
  });
});
