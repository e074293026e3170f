import type { Hyperparams, TrainingSettings } from "@/server/schemas/experiments";
import type { ChatMessage, RunSpec } from "@/trainers/types";

/** A RunSpec without its data: what is stored on the run. Dispatch adds the dataset's examples. */
export type RunSpecTemplate = Omit<RunSpec, "train" | "eval">;

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

export function withData(
  template: RunSpecTemplate,
  train: ChatMessage[][],
  evalSet: ChatMessage[][] | null,
): RunSpec {
  return { ...template, train, eval: evalSet };
}
