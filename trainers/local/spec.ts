import { existsSync } from "node:fs";
import path from "node:path";
import { methodOf, preferenceLines } from "../method";
import type { ChatMessage, GenerationSettings, Prompt, RunSpec } from "../types";

// Transforms from our types to the worker's JSON (snake_case; the worker rejects unknown keys).
// Pure but for one look at init_from: whether it is an adapter folder.

export function toWorkerTrainSpec(spec: RunSpec, files: { train: string; eval: string | null }) {
  const { objective, parameters } = methodOf(spec);
  // Continuing an adapter keeps its shape (the worker refuses r, alpha or targets that differ):
  // only dropout is the run's own.
  const continuesAdapter =
    !!spec.initFrom && existsSync(path.join(spec.initFrom, "adapter_config.json"));
  return {
    base_model: spec.baseModel,
    train_file: files.train,
    eval_file: files.eval,
    objective,
    parameters,
    // A full run trains no adapter: the worker refuses a lora object beside "full".
    lora:
      parameters === "full"
        ? null
        : continuesAdapter
          ? { dropout: spec.lora.dropout }
          : {
              r: spec.lora.r,
              alpha: spec.lora.alpha,
              dropout: spec.lora.dropout,
              target_modules: spec.lora.targetModules,
              use_rslora: spec.lora.useRslora,
            },
    quantization: spec.quantization
      ? { type: spec.quantization.type, double_quant: spec.quantization.doubleQuant }
      : null,
    dpo:
      objective === "dpo" && spec.dpo
        ? {
            beta: spec.dpo.beta,
            loss: spec.dpo.loss,
            label_smoothing: spec.dpo.labelSmoothing,
          }
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
    init_from: spec.initFrom ?? null,
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
/** The training files' text in the objective's format: chat lines for SFT, OpenAI's preference
 *  lines for DPO. */
export function trainingLines(spec: RunSpec): { train: string; eval: string | null } {
  if (methodOf(spec).objective === "dpo") {
    if (!spec.rejected) throw new Error("a dpo spec needs preference pairs (spec.rejected)");
    const { rejected } = spec;
    return {
      train: toJsonl(preferenceLines(spec.train, rejected.train)),
      eval: spec.eval && rejected.eval ? toJsonl(preferenceLines(spec.eval, rejected.eval)) : null,
    };
  }
  return { train: chatLines(spec.train), eval: spec.eval ? chatLines(spec.eval) : null };
}

export const promptLines = (prompts: Prompt[]) =>
  toJsonl(prompts.map((p) => ({ id: p.id, messages: p.messages })));
