import type { ChatMessage, GenerationSettings, Prompt, RunSpec } from "../types";

// Pure transforms from our types to the worker's JSON (snake_case; the worker rejects unknown keys).

export function toWorkerTrainSpec(spec: RunSpec, files: { train: string; eval: string | null }) {
  return {
    base_model: spec.baseModel,
    train_file: files.train,
    eval_file: files.eval,
    lora: {
      r: spec.lora.r,
      alpha: spec.lora.alpha,
      dropout: spec.lora.dropout,
      target_modules: spec.lora.targetModules,
      use_rslora: spec.lora.useRslora,
    },
    quantization: spec.quantization
      ? { type: spec.quantization.type, double_quant: spec.quantization.doubleQuant }
      : null,
    training: {
      epochs: spec.training.epochs,
      max_steps: spec.training.maxSteps,
      learning_rate: spec.training.learningRate,
      batch_size: spec.training.batchSize,
      grad_accum: spec.training.gradAccum,
      warmup_steps: spec.training.warmupSteps,
      weight_decay: spec.training.weightDecay,
      max_seq_len: spec.training.maxSeqLen,
      seed: spec.training.seed,
      log_every: spec.training.logEvery,
    },
    export_merged: false,
    device: spec.device,
  };
}

export function toWorkerGenerateSpec(args: {
  baseModel: string;
  adapterPath: string | null;
  promptsFile: string;
  settings: GenerationSettings;
  device?: string;
}) {
  return {
    base_model: args.baseModel,
    adapter: args.adapterPath,
    prompts_file: args.promptsFile,
    max_new_tokens: args.settings.maxNewTokens,
    temperature: args.settings.temperature,
    top_p: args.settings.topP,
    stop: args.settings.stop,
    batch_size: 8,
    seed: 0,
    device: args.device ?? "auto",
  };
}

export const toJsonl = (rows: unknown[]) =>
  rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
export const chatLines = (examples: ChatMessage[][]) =>
  toJsonl(examples.map((messages) => ({ messages })));
export const promptLines = (prompts: Prompt[]) =>
  toJsonl(prompts.map((p) => ({ id: p.id, messages: p.messages })));
