import type { Hyperparams, TrainingSettings } from "@/server/schemas/experiments";
import type { ChatMessage, RunSpec, RunSpecTemplate, StoredRunSpec } from "@/trainers/types";

export function buildRunSpec(
  baseModel: string,
  p: Hyperparams,
  t: TrainingSettings,
): RunSpecTemplate {
  return {
    baseModel,
    lora: {
      r: p.loraRank,
      alpha: p.loraAlpha ?? 2 * p.loraRank,
      dropout: t.loraDropout,
      targetModules: null,
      useRslora: false,
    },
    quantization: t.quantization === "nf4" ? { type: "nf4", doubleQuant: true } : null,
    training: {
      epochs: p.epochs,
      maxSteps: t.maxSteps ?? null,
      learningRate: p.learningRate,
      batchSize: p.batchSize ?? t.batchSize,
      gradAccum: t.gradAccum,
      warmupSteps: t.warmupSteps,
      weightDecay: t.weightDecay,
      maxSeqLen: t.maxSeqLen,
      seed: t.seed,
      logEvery: 1,
    },
    device: t.device,
    devices: t.devices,
  };
}

/** Whether a stored spec can be trained: a baseline's names only its base model. */
export function isTrainable(spec: StoredRunSpec): spec is RunSpecTemplate {
  return "training" in spec;
}

export function withData(
  template: RunSpecTemplate,
  train: ChatMessage[][],
  evalSet: ChatMessage[][] | null,
): RunSpec {
  return { ...template, train, eval: evalSet };
}
