// The TrainingBackend contract. A backend turns a RunSpec into a job somewhere (a local process,
// a SageMaker job, an OpenAI fine-tune) and reports what happens as BackendEvents. It never
// touches the database: the runs service stores the events together with the returned ref, so a
// restarted server resumes from the stored cursor without losing or repeating anything.

import type {
  BackendKind,
  ChatRole,
  Device,
  DpoLoss,
  TrainedParameters,
  TrainingObjective,
} from "../core/enums";

export type ChatMessage = { role: ChatRole; content: string };

export type LoraConfig = {
  r: number;
  alpha: number;
  dropout: number;
  targetModules: string[] | null;
  useRslora: boolean;
};

export type TrainingConfig = {
  epochs: number;
  maxSteps: number | null;
  learningRate: number;
  batchSize: number;
  gradAccum: number;
  warmupSteps: number;
  weightDecay: number;
  maxSeqLen: number;
  seed: number;
  logEvery: number;
};

export type DpoConfig = { beta: number; loss: DpoLoss; labelSmoothing: number };

/**
 * The GPUs a local run asks for: "auto" (one free GPU, else the CPU), "cpu", a count, or specific
 * indices. SageMaker trains on every GPU its instances have and accepts only "auto"; OpenAI, which
 * ignores `device` too, ignores it.
 */
export type DeviceSelection = "auto" | "cpu" | number | number[];

/** Everything a backend needs to train one run. Datasets are inline so backends need no DB. */
export type RunSpec = {
  baseModel: string;
  train: ChatMessage[][];
  eval: ChatMessage[][] | null;
  /** Ignored when `parameters` is "full" (no adapter is trained). */
  lora: LoraConfig;
  /** Set exactly when `parameters` is "qlora". */
  quantization: { type: "nf4"; doubleQuant: boolean } | null;
  training: TrainingConfig;
  device: Device;
  /** Absent on runs stored before the setting existed: "auto". */
  devices?: DeviceSelection;
  /** The method; absent on runs stored before it existed: see methodOf (trainers/method.ts). */
  objective?: TrainingObjective;
  parameters?: TrainedParameters;
  /** Set exactly when `objective` is "dpo". */
  dpo?: DpoConfig | null;
  /**
   * DPO only: the non-preferred answer of each `train` / `eval` example, in the same order. Those
   * examples end with the preferred answer, so an SFT view of the same data needs nothing else.
   */
  rejected?: { train: string[]; eval: string[] | null };
  /**
   * Where training starts (DPO after SFT): an earlier run's trained output as its backend stored
   * it — a local adapter or model folder, a SageMaker model.tar.gz URI, an OpenAI fine-tuned model
   * id. It is the starting policy and, for DPO, the reference. Absent: the base model.
   */
  initFrom?: string | null;
};

/** A RunSpec without its data: what is stored on the run (runs.spec). Dispatch adds the dataset's
 *  examples. */
export type RunSpecTemplate = Omit<RunSpec, "train" | "eval" | "rejected">;
/** runs.spec: a grid run's template, or for an experiment's baseline (which trains nothing)
 *  only its base model. */
export type StoredRunSpec = RunSpecTemplate | Pick<RunSpec, "baseModel">;

export type RunContext = {
  runId: string;
  /** Where a backend may keep files for this run (local: the worker's --out folder). */
  workDir: string;
  /**
   * Local only: the GPU indices the scheduler gave this run (CUDA_VISIBLE_DEVICES; more than one
   * starts torchrun). Absent: a CPU run, or a machine whose GPUs could not be listed.
   */
  gpus?: number[];
};

/**
 * A handle on a submitted job. `cursor` marks how far its events have been consumed; `state` is
 * backend-private (local: pid, run dir, restarts). It is JSON, so it is stored as-is.
 */
export type ExternalRef = {
  backend: BackendKind;
  id: string;
  cursor: string | null;
  state: Record<string, unknown>;
};

export type BackendEvent =
  | { type: "started"; time: number; device: string; totalSteps: number; resumedFromStep: number }
  | {
      type: "progress";
      time: number;
      step: number;
      totalSteps: number;
      epoch: number;
      tokensSeen: number;
      tokensPerSecond: number;
      etaSeconds: number;
      /** The most memory any rank has held so far (CUDA: allocated; CPU: resident), in bytes;
       *  absent where the backend cannot see it (OpenAI). */
      peakMemBytes?: number;
    }
  | { type: "metric"; time: number; step: number; name: string; value: number }
  | { type: "checkpoint"; time: number; step: number; path: string }
  | { type: "artifact"; time: number; kind: string; path: string }
  | { type: "log"; time: number; level: "info" | "warning" | "error"; message: string }
  | { type: "completed"; time: number; step: number; adapterPath: string }
  | { type: "failed"; time: number; error: string }
  | { type: "cancelled"; time: number; step: number };

/** One consumed event, its position in the backend's stream, and the ref to store after it. */
export type PolledEvent = { event: BackendEvent; seq: number; ref: ExternalRef };

export type Prompt = { id: string; messages: ChatMessage[] };
export type Prediction = { id: string; output: string };
export type GenerationSettings = {
  maxNewTokens: number;
  temperature: number;
  topP: number;
  stop: string[];
};

/** `ref: null` generates with the base model alone (the baseline). */
export type GenerateRequest = {
  baseModel: string;
  ref: ExternalRef | null;
  adapterPath: string | null;
  prompts: Prompt[];
  settings: GenerationSettings;
  workDir: string;
  /** Called once with the tokens a metered backend (OpenAI) spent on this request; local
   *  generation costs GPU time, which the run's cost already counts. */
  onUsage?: (u: GenerationUsage) => void;
};
export type GenerationUsage = {
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
};

/** Teacher-forced likelihood of reference answers (perplexity): each sample's messages end with
 *  its reference answer. `adapterPath` null scores `baseModel` alone (the baseline, or a full
 *  fine-tune's model folder given as `baseModel`). */
export type LikelihoodRequest = {
  baseModel: string;
  adapterPath: string | null;
  samples: Prompt[];
  workDir: string;
};
/** Summed NLL (nats) of a sample's answer tokens and how many there were, in request order. */
export type SampleLikelihood = { id: string; nll: number; tokens: number };

export type SpecIssue = { field: string; message: string };

export interface TrainingBackend {
  readonly kind: BackendKind;
  validate(spec: RunSpec): SpecIssue[];
  submit(spec: RunSpec, ctx: RunContext): Promise<ExternalRef>;
  /** Yields what is available now (waiting up to `waitMs` for the first event), then returns. */
  poll(ref: ExternalRef, opts?: { waitMs?: number }): AsyncIterable<PolledEvent>;
  cancel(ref: ExternalRef): Promise<void>;
  generate(req: GenerateRequest): AsyncIterable<Prediction>;
  /** Absent where the backend cannot run the trained model on given text (OpenAI's fine-tuned
   *  chat models give no log-probabilities of arbitrary text): likelihood metrics are refused. */
  likelihood?(req: LikelihoodRequest): Promise<SampleLikelihood[]>;
}

export const TERMINAL_EVENT_TYPES = ["completed", "failed", "cancelled"] as const;
export function isTerminalEvent(
  e: BackendEvent,
): e is Extract<BackendEvent, { type: "completed" | "failed" | "cancelled" }> {
  return (TERMINAL_EVENT_TYPES as readonly string[]).includes(e.type);
}
