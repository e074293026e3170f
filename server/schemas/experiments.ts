import { z } from "zod";
import {
  ACCURACY_MODES,
  BACKEND_KINDS,
  DATASET_SPLITS,
  DEVICES,
  DPO_LOSSES,
  lowerIsBetter,
  QUANTIZATIONS,
  RETENTION_PERPLEXITY,
  TRAINED_PARAMETERS,
  TRAINING_OBJECTIVES,
} from "../../core/enums";
import { boundedInt, Seed } from "./bounds";
import { type CustomMetric, CustomScorers, customMetric } from "./custom-scorers";
import { GateSpec } from "./gates";
import { JudgeBudget, type JudgeMetric, judgeMetric, SuiteJudges } from "./judges";
import { EvalMetric, type RuleMetric, Rules, ruleMetric, SuiteMetric } from "./rules";

export { EvalMetric, SuiteMetric };
export const BackendKind = z.enum(BACKEND_KINDS);
/** The backends Tunebench trains on; "external" runs are logged through the MLflow API instead. */
export const TrainableBackendKind = BackendKind.exclude(["external"]);

/** A number above 0 and at most `max`. */
const positive = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .positive(`${what} must be positive`)
    .max(max, `${what} must be at most ${max}`);
const positiveInt = (what: string, max: number) => boundedInt(what, 1, max);
const axis = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).min(1, `${what}: give at least one value`).max(20, `${what}: at most 20 values`);

const MAX_BATCH_SIZE = 512;

export const TrainingObjective = z.enum(TRAINING_OBJECTIVES, {
  error: 'objective must be "sft" or "dpo"',
});
export const TrainedParameters = z.enum(TRAINED_PARAMETERS, {
  error: 'parameters must be "lora", "qlora" or "full"',
});

/** The hyperparameter grid: every combination of the axes becomes one run. */
export const HyperparameterGrid = z.object({
  learningRate: axis(positive("learning rate", 1), "Learning rate"),
  loraRank: axis(positiveInt("LoRA rank", 1024), "LoRA rank"),
  epochs: axis(positiveInt("epochs", 1000), "Epochs"),
  loraAlpha: axis(positive("LoRA alpha", 16384), "LoRA alpha").optional(),
  batchSize: axis(positiveInt("batch size", MAX_BATCH_SIZE), "Batch size").optional(),
  /** Left out: "sft". */
  objective: axis(TrainingObjective, "Objective").optional(),
  /** Left out: "qlora" when training.quantization is "nf4", else "lora". */
  parameters: axis(TrainedParameters, "Parameters").optional(),
});
export type HyperparameterGrid = z.infer<typeof HyperparameterGrid>;

/** One grid point. loraAlpha defaults to twice the rank; batchSize to the experiment's setting. */
export const Hyperparams = z.object({
  learningRate: z.number(),
  loraRank: z.number(),
  epochs: z.number(),
  loraAlpha: z.number().optional(),
  batchSize: z.number().optional(),
  objective: TrainingObjective.optional(),
  parameters: TrainedParameters.optional(),
});
export type Hyperparams = z.infer<typeof Hyperparams>;
/** runs.hyperparams: a grid point, or {} for the baseline (the base model, nothing trained). */
export type RunHyperparams = Hyperparams | Record<string, never>;

/** The most GPUs one machine can give a local run (an index is below it). */
export const MAX_LOCAL_GPUS = 64;
const gpuIndex = z
  .number({ error: "a GPU index must be a number" })
  .int("a GPU index must be a whole number")
  .min(0, "a GPU index is 0 or more")
  .max(MAX_LOCAL_GPUS - 1, `a GPU index is below ${MAX_LOCAL_GPUS}`);

/**
 * Which devices a local run trains on: "auto" (one free GPU, or the CPU on a machine without
 * one), "cpu", a number of GPUs (the lowest free ones), or the indices of specific GPUs. More than
 * one GPU starts the worker under torchrun. Kept in step with DeviceSelection in trainers/types.ts.
 */
export const DevicesSetting = z.union(
  [
    z.enum(["auto", "cpu"]),
    z
      .number()
      .int("a GPU count must be a whole number")
      .min(1, "a GPU count is at least 1")
      .max(MAX_LOCAL_GPUS, `a GPU count is at most ${MAX_LOCAL_GPUS}`),
    z
      .array(gpuIndex)
      .min(1, "give at least one GPU index")
      .max(MAX_LOCAL_GPUS, `at most ${MAX_LOCAL_GPUS} GPU indices`)
      .refine((a) => new Set(a).size === a.length, "GPU indices must be unique"),
  ],
  { error: 'devices must be "auto", "cpu", a GPU count, or a list of GPU indices such as [0, 1]' },
);
export type DevicesSetting = z.infer<typeof DevicesSetting>;

/** DPO's settings, used by the grid's "dpo" runs (the worker's defaults). */
export const DpoSettings = z
  .object({
    beta: positive("DPO beta", 100).default(0.1),
    loss: z.enum(DPO_LOSSES).default("sigmoid"),
    labelSmoothing: z
      .number({ error: "label smoothing must be a number" })
      .min(0, "label smoothing must be 0 or more")
      .lt(0.5, "label smoothing must be below 0.5")
      .default(0),
  })
  .refine((d) => d.loss === "sigmoid" || d.labelSmoothing === 0, {
    message: 'label smoothing applies to the "sigmoid" loss only; set it to 0 for "ipo"',
    path: ["labelSmoothing"],
  });
export type DpoSettings = z.infer<typeof DpoSettings>;

export const TrainingSettings = z
  .object({
    batchSize: positiveInt("batch size", MAX_BATCH_SIZE).default(4),
    maxSeqLen: positiveInt("max sequence length", 32768).default(256),
    maxSteps: positiveInt("max steps", 10_000_000).nullable().optional(),
    warmupSteps: boundedInt("warmup steps", 0, 10_000_000).default(0),
    gradAccum: positiveInt("gradient accumulation", 1024).default(1),
    weightDecay: z.number().min(0).max(1, "weight decay must be at most 1").default(0),
    loraDropout: z.number().min(0).max(0.9).default(0.05),
    quantization: z.enum(QUANTIZATIONS).default("none"),
    seed: Seed.default(42),
    device: z.enum(DEVICES).default("auto"),
    devices: DevicesSetting.default("auto"),
    dpo: DpoSettings.default({ beta: 0.1, loss: "sigmoid", labelSmoothing: 0 }),
    /** Start every run from this earlier run's trained output (DPO after SFT) instead of the base
     *  model. The run must have finished training on the same backend. */
    initFromRunId: z.string().trim().min(1, "Choose a run to start from").max(100).optional(),
  })
  .refine((t) => t.device !== "cpu" || t.devices === "auto" || t.devices === "cpu", {
    message: 'device "cpu" asks for no GPU; set devices to "auto" or "cpu", or device to "auto"',
    path: ["devices"],
  });
export type TrainingSettings = z.infer<typeof TrainingSettings>;

export const GenerationSettings = z.object({
  maxNewTokens: positiveInt("max new tokens", 4096).default(64),
  temperature: z.number().min(0).max(2).default(0),
  topP: z.number().gt(0).max(1).default(1),
  stop: z.array(z.string().min(1).max(100)).max(8).default([]),
});

/** Another dataset version whose references' perplexity shows what a run forgot: computed for the
 *  baseline and every run, as the score "retention:perplexity". */
export const RetentionSet = z.strictObject({
  datasetVersionId: z.string().trim().min(1, "Choose the retention dataset version").max(100),
  split: z.enum(DATASET_SPLITS).default("eval"),
});
export type RetentionSet = z.infer<typeof RetentionSet>;

export const EvalSuite = z
  .object({
    metrics: z.array(EvalMetric).min(1, "Pick at least one metric"),
    /** A built-in metric or one of `rules` as "rule:<name>" (never a custom scorer, see SuiteMetric). */
    primaryMetric: SuiteMetric,
    split: z.enum(DATASET_SPLITS).default("eval"),
    generation: GenerationSettings.default({ maxNewTokens: 64, temperature: 0, topP: 1, stop: [] }),
    /** Accuracy convention: "exact" string equality or SQuAD normalisation (case, punctuation, articles). */
    accuracyMode: z.enum(ACCURACY_MODES).default("squad"),
    /** Rule scorers (evals/rules), each scored 0 or 100 per sample as the metric "rule:<name>". */
    rules: Rules.optional(),
    /** LLM judges (server/schemas/judges.ts): single mode is the metric "judge:<name>" (0–100),
     *  pairwise mode a win rate against a reference run on the leaderboard. */
    judges: SuiteJudges.optional(),
    /** The most one evaluation may spend on judge calls. */
    judgeBudget: JudgeBudget.optional(),
    /** Custom scorers (Python, run by the worker), each as the metric "custom:<name>". */
    customScorers: CustomScorers.optional(),
    /** Regression gates decided for every evaluated run (server/services/gates). */
    gates: z.array(GateSpec).max(20, "At most 20 gates").optional(),
    retention: RetentionSet.optional(),
  })
  .superRefine((s, ctx) => {
    const computed = new Set<string>(suiteMetrics(s));
    if (s.retention) computed.add(RETENTION_PERPLEXITY);
    // Judges' names are filled in when the experiment is created; until then their metrics wait.
    const unresolved = s.judges?.some((j) => j.mode === "single" && !j.name) ?? false;
    const known = (metric: string) =>
      computed.has(metric) || (unresolved && metric.startsWith("judge:"));
    const missing = (metric: string) =>
      metric.startsWith("rule:")
        ? `the suite has no rule named ${JSON.stringify(metric.slice(5))}`
        : metric.startsWith("judge:")
          ? `the suite has no single-mode judge named ${JSON.stringify(metric.slice(6))}`
          : metric === RETENTION_PERPLEXITY
            ? "the suite has no retention set; add one"
            : `the suite does not compute ${metric}; add it to metrics`;
    // Perplexity scores the references, not what a run generates, and the primary metric also
    // picks the outputs reviewers see and the best checkpoint: it ranks by generated outputs.
    if (lowerIsBetter(s.primaryMetric))
      ctx.addIssue({
        code: "custom",
        message: `${s.primaryMetric} cannot be the primary metric: it scores the reference answers, not what the runs generate; rank by a metric of the outputs and keep ${s.primaryMetric} as a column and a gate`,
        path: ["primaryMetric"],
      });
    else if (!known(s.primaryMetric))
      ctx.addIssue({
        code: "custom",
        message: /^(rule|judge):/.test(s.primaryMetric)
          ? `The primary metric must be one of the chosen metrics, rules or judges: ${missing(s.primaryMetric)}`
          : "The primary metric must be one of the chosen metrics",
        path: ["primaryMetric"],
      });
    s.gates?.forEach((g, i) => {
      if (!known(g.metric))
        ctx.addIssue({
          code: "custom",
          message: `Gate on ${g.metric}: ${missing(g.metric)}`,
          path: ["gates", i, "metric"],
        });
    });
  });
export type EvalSuite = z.infer<typeof EvalSuite>;

/** Any metric a suite computes and reports. */
export type ComputedMetric = EvalMetric | RuleMetric | JudgeMetric | CustomMetric;

/** Every metric a suite computes: its built-in metrics, its rules as "rule:<name>", its
 *  single-mode judges as "judge:<name>", then its custom scorers as "custom:<name>". */
export function suiteMetrics(suite: {
  metrics: EvalMetric[];
  rules?: { name: string }[];
  judges?: { mode: string; name?: string }[];
  customScorers?: { name: string }[];
}): ComputedMetric[] {
  return [
    ...suite.metrics,
    ...(suite.rules ?? []).map((r) => ruleMetric(r.name)),
    ...(suite.judges ?? []).flatMap((j) =>
      j.mode === "single" && j.name ? [judgeMetric(j.name)] : [],
    ),
    ...(suite.customScorers ?? []).map((c) => customMetric(c.name)),
  ];
}

/** The fields of an experiment, before the rules that join them (the CLI's file format extends it). */
export const CreateExperimentFields = z.object({
  name: z.string().trim().min(1, "Give the experiment a name").max(200),
  description: z.string().max(2000).optional(),
  baseModel: z.string().trim().min(1, "Choose a base model"),
  datasetVersionId: z.string().min(1, "Choose a dataset"),
  backend: TrainableBackendKind.default("local"),
  grid: HyperparameterGrid,
  training: TrainingSettings.default(TrainingSettings.parse({})),
  evalSuite: EvalSuite,
});

/**
 * What evaluating an experiment created by an MLflow client needs, set after it was created: the
 * same fields, checked by the same schemas, as when an experiment is created in Tunebench.
 */
export const ExperimentEvaluationFields = CreateExperimentFields.pick({
  baseModel: true,
  datasetVersionId: true,
  evalSuite: true,
});
export const SetExperimentEvaluationInput = ExperimentEvaluationFields.extend({
  experimentId: z.string().min(1),
});
export type SetExperimentEvaluationInput = z.input<typeof SetExperimentEvaluationInput>;

/** Adds methodIssue's rule to a schema of an experiment's grid and training settings. */
export const withMethodRule = <
  T extends z.ZodType<{ grid: HyperparameterGrid; training: TrainingSettings }>,
>(
  schema: T,
) =>
  schema.superRefine((e, ctx) => {
    const issue = methodIssue(e.grid, e.training.quantization);
    if (issue) ctx.addIssue({ code: "custom", ...issue });
  });

export const CreateExperimentInput = withMethodRule(CreateExperimentFields);
export type CreateExperimentInput = z.input<typeof CreateExperimentInput>;

/**
 * The one rule joining the two ways of asking for NF4: a "parameters" axis decides quantization
 * for every run ("qlora" quantizes the base, "lora" and "full" do not), so training.quantization
 * "nf4" beside it may only repeat that, i.e. the axis must then be ["qlora"].
 */
export function methodIssue(
  grid: Pick<HyperparameterGrid, "parameters">,
  quantization: TrainingSettings["quantization"],
): { message: string; path: (string | number)[] } | null {
  const other = grid.parameters?.find((p) => p !== "qlora");
  if (quantization !== "nf4" || !other) return null;
  return {
    message: `parameters "${other}" trains without NF4, but training.quantization is "nf4"; set quantization to "none" (the parameters axis decides: "qlora" quantizes) or drop "${other}"`,
    path: ["grid", "parameters"],
  };
}

/** Why objective "dpo" is refused on a chat dataset (the server and the form say the same). */
export const DPO_NEEDS_PREFERENCES =
  "dpo trains on preference pairs, but this dataset holds chat examples; choose a preference dataset or drop dpo";

export const ExperimentIdInput = z.object({ experimentId: z.string().min(1) });
export type ExperimentIdInput = z.infer<typeof ExperimentIdInput>;
