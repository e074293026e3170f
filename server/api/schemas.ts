import { z } from "zod";
import {
  EVALUATION_STATUSES,
  JUDGE_PREFERENCE_EXCLUSIONS,
  PREFERENCE_EXCLUSIONS,
  RUN_STATUSES,
} from "@/core/enums";
import { SERVICE_ERROR_CODES } from "@/server/errors";
import {
  BackendKind,
  EvalSuite,
  HyperparameterGrid,
  SuiteMetric,
  TrainingSettings,
} from "@/server/schemas/experiments";
import { LeaderboardJudge, LeaderboardJudgeRun } from "@/server/schemas/judges";
import { RunCost, RunsTableOutput, RunsTableRow } from "@/server/schemas/runs-table";

// Response shapes of /api/v1, for the OpenAPI document and for the tests that check real responses
// against it. Objects are loose: the API may add fields, a client must ignore ones it does not know.

const DateTime = z.string().meta({ format: "date-time" });
export const RunStatus = z.enum(RUN_STATUSES);

export const PathId = z.object({ id: z.string().min(1) });

const CorpusScore = z.looseObject({
  score: z.number(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  signature: z.string().optional(),
});
const Hyperparams = z
  .record(z.string(), z.unknown())
  .describe("learningRate, loraRank, epochs, loraAlpha?, batchSize?; {} for the baseline");

/** An external experiment's grid: it trains nothing, so every axis is empty. */
const none = z.array(z.number()).max(0);
const ExternalGrid = z
  .object({ learningRate: none, loraRank: none, epochs: none })
  .describe("an external (MLflow) experiment: no grid");

export const ExperimentOut = z.looseObject({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  baseModel: z
    .string()
    .nullable()
    .describe("null: an external (MLflow) experiment whose base model is not set yet"),
  datasetVersionId: z
    .string()
    .nullable()
    .describe("null: an external (MLflow) experiment whose dataset is not chosen yet"),
  backend: BackendKind,
  evalSuite: EvalSuite,
  grid: z.union([HyperparameterGrid, ExternalGrid]),
  training: TrainingSettings,
  createdAt: DateTime,
  runCount: z.number().int(),
});

export const CreatedExperimentOut = ExperimentOut.extend({
  runIds: z.array(z.string()).describe("The grid's runs (the baseline is not among them)"),
});

export const ExperimentListOut = z.object({
  experiments: z.array(
    ExperimentOut.extend({
      runsByStatus: z.record(z.string(), z.number().int()),
      best: z
        .object({
          runId: z.string(),
          runName: z.string(),
          score: z.number(),
          baseline: z.number().nullable(),
        })
        .nullable(),
    }),
  ),
});

export const RunSummaryOut = z.looseObject({
  id: z.string(),
  experimentId: z.string(),
  index: z.number().int().describe("Grid point number, 1-based; 0 for the baseline"),
  isBaseline: z.boolean(),
  name: z.string(),
  status: RunStatus,
  hyperparams: Hyperparams,
  step: z.number().int().nullable(),
  totalSteps: z.number().int().nullable(),
  progress: z.number().min(0).max(1).nullable().describe("step / totalSteps, when known"),
  etaSeconds: z.number().nullable(),
  error: z.string().nullable(),
  startedAt: DateTime.nullable(),
  finishedAt: DateTime.nullable(),
  createdAt: DateTime,
});
export const RunListOut = z.object({ runs: z.array(RunSummaryOut) });

export const RunsPageOut = RunsTableOutput.extend({
  rows: z.array(
    RunsTableRow.extend({ createdAt: DateTime, finishedAt: DateTime.nullable() }).loose(),
  ),
});

export const RunOut = RunSummaryOut.extend({
  experiment: z.looseObject({
    id: z.string(),
    name: z.string(),
    baseModel: z.string().nullable(),
    backend: BackendKind,
  }),
  artifacts: z.array(z.object({ kind: z.string(), createdAt: DateTime })),
  evaluation: z
    .looseObject({
      status: z.enum(EVALUATION_STATUSES),
      sampleCount: z.number().int(),
      scores: z.record(z.string(), CorpusScore),
      finishedAt: DateTime.nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});

export const LeaderboardOut = z.looseObject({
  experimentId: z.string(),
  primaryMetric: SuiteMetric,
  metrics: z.array(SuiteMetric),
  sampleCount: z.number().int().nullable(),
  rows: z.array(
    z.looseObject({
      runId: z.string(),
      name: z.string(),
      isBaseline: z.boolean(),
      status: z.string(),
      hyperparams: Hyperparams,
      rank: z.number().int().nullable(),
      primary: CorpusScore.nullable(),
      scores: z.record(z.string(), CorpusScore),
      tiedWithBest: z
        .boolean()
        .describe("Not significantly different from the best run (paired test, α = 0.05)"),
      pValueVsBest: z.number().nullable(),
      pValueVsBaseline: z.number().nullable(),
      betterThanBaseline: z.boolean(),
      cost: RunCost.nullable().describe("The run's cost in US dollars; null until known"),
      peakMemBytes: z
        .number()
        .int()
        .nullable()
        .describe(
          "The most memory training held on any device, in bytes (CUDA: allocated; CPU: resident); null for the baseline and for backends that do not report it (OpenAI)",
        ),
      retention: z
        .object({ ratio: z.number(), ci: z.tuple([z.number(), z.number()]) })
        .nullable()
        .describe(
          "Perplexity on the suite's retention set divided by the baseline's (1.08 = 8% higher), with the paired bootstrap 95% interval; null without a retention set, for the baseline, or until both are evaluated",
        ),
      updating: z
        .boolean()
        .describe(
          "Its p-values or gate are being recomputed (its, the best run's or the baseline's evaluation changed); they are null until then",
        ),
      judges: z
        .array(LeaderboardJudgeRun)
        .describe("Each pairwise judge's win rate against its reference run and its rating"),
    }),
  ),
  judges: z
    .array(LeaderboardJudge)
    .describe(
      "The suite's pairwise judges: flip rate, first-slot preference, length bias, agreement with people",
    ),
  updating: z
    .boolean()
    .describe("Some row, the human-review or the judge columns are being recomputed"),
});

export const EvaluationRequestOut = z.object({
  runId: z.string(),
  jobId: z.string(),
  created: z
    .boolean()
    .describe("false when the run's evaluation was already requested (one evaluation per run)"),
  status: RunStatus,
  evaluated: z.boolean(),
});

export const ExperimentEvaluationOut = z.object({
  experimentId: z.string(),
  baselineRunId: z
    .string()
    .describe("The experiment's baseline (the base model alone), whose evaluation is requested"),
});

export const AttachOutputOut = z.object({
  runId: z.string(),
  layout: z
    .enum(["adapter", "model"])
    .nullable()
    .describe(
      "What was attached: a PEFT adapter or a transformers model folder; null while an s3:// location is being fetched",
    ),
  fetchJobId: z
    .string()
    .nullable()
    .describe(
      "For an s3:// location: the job downloading it into the run's folder, which then requests the evaluation",
    ),
  evaluation: EvaluationRequestOut.nullable().describe(
    "The evaluation request (as POST /runs/{id}/evaluate answers); null while an s3:// location is being fetched",
  ),
});

export const DatasetOut = z.object({
  datasetId: z.string(),
  versionId: z.string().describe("Use as datasetVersionId when creating an experiment"),
  trainCount: z.number().int(),
  evalCount: z.number().int(),
  reused: z.boolean().describe("The same content was uploaded before; its version is returned"),
});

export const PreferenceDatasetOut = DatasetOut.extend({
  items: z.number().int().describe("The campaign's items"),
  qualified: z.number().int().describe("Items with a clear verdict: one example each"),
  excluded: z
    .object(Object.fromEntries(PREFERENCE_EXCLUSIONS.map((r) => [r, z.number().int()])))
    .describe(
      "Items left out, by reason: no votes, a tie or both-bad verdict, split votes, or an agreement below minAgreement",
    ),
});

export const JudgePreferenceDatasetOut = DatasetOut.extend({
  pairs: z.number().int().describe("Samples of the run the judge saw against its reference"),
  qualified: z
    .number()
    .int()
    .describe("Samples whose two orders name the same winner: one example each"),
  excluded: z
    .object(Object.fromEntries(JUDGE_PREFERENCE_EXCLUSIONS.map((r) => [r, z.number().int()])))
    .describe(
      "Samples left out, by reason: both orders a tie, orders that disagree (a flip), a game without a readable verdict, or an order not judged yet",
    ),
});

export const ApiError = z.object({
  error: z.object({
    code: z.enum([...SERVICE_ERROR_CODES, "INTERNAL"]),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe("Validation problems, one per field"),
    details: z.unknown().optional(),
  }),
});

export const GatesQuery = z.object({
  runId: z.string().min(1).optional().describe("Only this run's verdict"),
});
