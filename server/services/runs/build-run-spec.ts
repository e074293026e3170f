import type { Hyperparams, TrainingSettings } from "@/server/schemas/experiments";
import type { ChatMessage, RunSpec, RunSpecTemplate, StoredRunSpec } from "@/trainers/types";

/**
 * A grid point's spec. The method comes from the point (objective "sft" and, without a parameters
 * axis, "qlora" when training.quantization is "nf4", else "lora"); quantization then follows from
 * it, so the two never disagree (the grid's rule is methodIssue in server/schemas/experiments).
 * DPO runs train without LoRA dropout: it makes the policy's log-probs noisy against the
 * reference, and the worker refuses it.
 */
export function buildRunSpec(
  baseModel: string,
  p: Hyperparams,
  t: TrainingSettings,
  initFrom: string | null = null,
): RunSpecTemplate {
  const objective = p.objective ?? "sft";
  const parameters = p.parameters ?? (t.quantization === "nf4" ? "qlora" : "lora");
  return {
    baseModel,
    objective,
    parameters,
    lora: {
      r: p.loraRank,
      alpha: p.loraAlpha ?? 2 * p.loraRank,
      dropout: objective === "dpo" ? 0 : t.loraDropout,
      targetModules: null,
      useRslora: false,
    },
    quantization: parameters === "qlora" ? { type: "nf4", doubleQuant: true } : null,
    dpo: objective === "dpo" ? { ...t.dpo } : null,
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
    ...(initFrom ? { initFrom } : {}),
  };
}

/** Whether a stored spec can be trained: a baseline's names only its base model. */
export function isTrainable(spec: StoredRunSpec): spec is RunSpecTemplate {
  return "training" in spec;
}

/** One stored example: its messages end with the (preferred) answer; `rejected` is set on
 *  preference datasets. */
export type ExampleRow = { messages: ChatMessage[]; rejected: string | null };

/** The spec with its data. A DPO spec also carries each example's non-preferred answer. */
export function withData(
  template: RunSpecTemplate,
  train: ExampleRow[],
  evalSet: ExampleRow[] | null,
): RunSpec {
  const spec: RunSpec = {
    ...template,
    train: train.map((e) => e.messages),
    eval: evalSet?.map((e) => e.messages) ?? null,
  };
  const rejected = (rows: ExampleRow[]) => rows.map((e) => e.rejected);
  const all = [...rejected(train), ...rejected(evalSet ?? [])];
  if (template.objective === "dpo" && all.length > 0 && all.every((r) => r !== null))
    spec.rejected = {
      train: rejected(train) as string[],
      eval: evalSet ? (rejected(evalSet) as string[]) : null,
    };
  return spec;
}
