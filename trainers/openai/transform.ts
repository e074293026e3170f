import type { FineTuningJobCheckpoint } from "openai/resources/fine-tuning/jobs/checkpoints";
import type {
  FineTuningJob,
  FineTuningJobEvent,
  JobCreateParams,
} from "openai/resources/fine-tuning/jobs/jobs";
import { methodOf } from "../method";
import type { BackendEvent, RunSpec } from "../types";
import { priceOf } from "./catalog";

// Pure transforms between our types and OpenAI's fine-tuning API (openai-node v6.49.0 types). No
// I/O: tests/trainers/openai/transform.test.ts snapshots them.

/**
 * OpenAI takes a learning-rate multiplier, not a rate. Ours are sent relative to 2e-4 (our LoRA
 * default), so a grid over 1e-4, 2e-4, 4e-4 becomes multipliers 0.5, 1 and 2.
 */
export const REFERENCE_LEARNING_RATE = 2e-4;

/** A suffix OpenAI accepts (≤ 64 characters) that names the run in the model id. */
export const suffixFor = (runId: string) =>
  `tb-${runId}`.replace(/[^a-zA-Z0-9_-]/g, "-").slice(0, 64);

export function jobCreateParams(
  spec: RunSpec,
  a: { runId: string; trainingFile: string; validationFile: string | null },
): JobCreateParams {
  const t = spec.training;
  const hyperparameters = {
    n_epochs: t.epochs,
    // gradient accumulation has no OpenAI equivalent; the effective batch is what matters
    batch_size: t.batchSize * t.gradAccum,
    learning_rate_multiplier: Math.round((t.learningRate / REFERENCE_LEARNING_RATE) * 1e6) / 1e6,
  };
  return {
    // Starting from an earlier run is fine-tuning its fine-tuned model further.
    model: spec.initFrom ?? spec.baseModel,
    training_file: a.trainingFile,
    ...(a.validationFile ? { validation_file: a.validationFile } : {}),
    suffix: suffixFor(a.runId),
    seed: t.seed,
    metadata: { tunebench_run_id: a.runId.slice(0, 512) },
    // OpenAI's DPO has beta only: validateOpenAISpec refuses IPO and label smoothing.
    method:
      methodOf(spec).objective === "dpo"
        ? { type: "dpo", dpo: { hyperparameters: { ...hyperparameters, beta: spec.dpo!.beta } } }
        : { type: "supervised", supervised: { hyperparameters } },
  };
}

// Metric names shared with the local worker where the meaning is the same.
const METRIC_NAMES: Record<string, string> = {
  train_loss: "train/loss",
  valid_loss: "eval/loss",
  full_valid_loss: "eval/full_loss",
  train_mean_token_accuracy: "train/token_accuracy",
  train_accuracy: "train/token_accuracy",
  valid_mean_token_accuracy: "eval/token_accuracy",
  full_valid_mean_token_accuracy: "eval/full_token_accuracy",
};

function metrics(step: number, data: Record<string, unknown>, time: number): BackendEvent[] {
  return Object.entries(data).flatMap(([k, v]) =>
    METRIC_NAMES[k] && typeof v === "number" && Number.isFinite(v)
      ? [{ type: "metric" as const, time, step, name: METRIC_NAMES[k]!, value: v }]
      : [],
  );
}

/** One job event → our events: `metrics` events carry step metrics, the rest become logs. */
export function eventToBackend(e: FineTuningJobEvent): BackendEvent[] {
  const time = e.created_at;
  const data = (e.data ?? {}) as Record<string, unknown>;
  if (e.type === "metrics" && typeof data.step === "number") {
    const total = typeof data.total_steps === "number" ? data.total_steps : 0;
    const progress: BackendEvent = {
      type: "progress",
      time,
      step: data.step,
      totalSteps: total,
      epoch: 0,
      tokensSeen: 0,
      tokensPerSecond: 0,
      etaSeconds: 0,
    };
    return [progress, ...metrics(data.step, data, time)];
  }
  return [
    {
      type: "log",
      time,
      level: e.level === "warn" ? "warning" : e.level === "error" ? "error" : "info",
      message: `OpenAI: ${e.message}`,
    },
  ];
}

export function checkpointToBackend(c: FineTuningJobCheckpoint): BackendEvent {
  return {
    type: "checkpoint",
    time: c.created_at,
    step: c.step_number,
    path: c.fine_tuned_model_checkpoint,
  };
}

export type JobOutcome = { kind: "waiting" } | { kind: "terminal"; events: BackendEvent[] };

/** Terminal statuses → what to report. Running, `paused`/`pausing` (newer API) and unknown statuses wait. */
export function jobOutcome(job: FineTuningJob, lastStep: number, now: number): JobOutcome {
  const time = job.finished_at ?? now;
  switch (job.status as string) {
    case "succeeded": {
      const model = job.fine_tuned_model ?? "";
      return {
        kind: "terminal",
        events: [
          ...trainingCost(job, lastStep, time),
          { type: "artifact", time, kind: "model", path: model },
          { type: "completed", time, step: lastStep, adapterPath: model },
        ],
      };
    }
    case "failed": {
      const err = job.error;
      const error = err
        ? `OpenAI fine-tuning job ${job.id} failed: ${err.message}${err.code ? ` (${err.code}${err.param ? `, ${err.param}` : ""})` : ""}`
        : `OpenAI fine-tuning job ${job.id} failed without an error message`;
      return { kind: "terminal", events: [{ type: "failed", time, error }] };
    }
    case "cancelled":
      return { kind: "terminal", events: [{ type: "cancelled", time, step: lastStep }] };
    default:
      return { kind: "waiting" };
  }
}

/** trained_tokens is what OpenAI bills (tokens in the file × epochs). */
export function trainingCost(job: FineTuningJob, step: number, time: number): BackendEvent[] {
  if (typeof job.trained_tokens !== "number") return [];
  const out: BackendEvent[] = [
    { type: "metric", time, step, name: "openai/trained_tokens", value: job.trained_tokens },
  ];
  const price = priceOf(job.model);
  if (price)
    out.push({
      type: "metric",
      time,
      step,
      name: "cost/usd",
      value: Math.round(((job.trained_tokens * price.training) / 1e6) * 1e6) / 1e6,
    });
  return out;
}

/**
 * The result file (purpose fine-tune-results): a CSV whose columns differ between OpenAI and Azure,
 * so it is read by header. It has come back base64-encoded, so text not starting with `step,` is
 * decoded first.
 */
export function parseResultCsv(raw: string): Record<string, number | null>[] {
  let text = raw.replace(/^\uFEFF/, "").trim();
  if (!text.startsWith("step")) {
    const decoded = Buffer.from(text, "base64").toString("utf8").trim();
    if (!decoded.startsWith("step"))
      throw new Error(
        `result file is neither a CSV starting with "step" nor base64 of one: ${text.slice(0, 40)}`,
      );
    text = decoded;
  }
  const [header, ...rows] = text.split(/\r?\n/);
  const cols = header!.split(",").map((c) => c.trim());
  return rows.filter(Boolean).map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]?.trim() ? Number(cells[i]) : null]));
  });
}

export function resultCsvToMetrics(
  rows: Record<string, number | null>[],
  time: number,
): BackendEvent[] {
  return rows.flatMap((r) => (typeof r.step === "number" ? metrics(r.step, r, time) : []));
}
