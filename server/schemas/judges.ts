import { z } from "zod";
import { JUDGE_BUILTIN_TEMPLATES, JUDGE_MODES, JUDGE_PROVIDERS } from "../../core/enums";

/**
 * LLM judges: project settings, versioned (an update stores a new version; every call and verdict
 * names the version it used). What a custom template may contain is checked on the server by
 * evals' checkTemplate (server/services/judges/check-judge.ts), which names the placeholder and its
 * line; these schemas check the shapes.
 */
export const JUDGE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_TEMPLATE = 20_000;

export const JudgeName = z
  .string()
  .regex(
    JUDGE_NAME,
    "name must start with a letter and use only letters, digits, _ . - (64 at most)",
  );

export const JudgeCriterion = z.strictObject({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, "a criterion key is a short identifier"),
  label: z.string().trim().min(1, "Give the criterion a label").max(200),
});

/** A built-in prompt (evals/judges/templates.ts) or custom text with named placeholders. */
export const JudgeTemplate = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("pairwise") }),
    z.strictObject({ kind: z.literal("single") }),
    z.strictObject({
      kind: z.literal("rubric"),
      criteria: z
        .array(JudgeCriterion)
        .min(1, "A rubric needs at least one criterion")
        .max(10, "At most 10 criteria")
        .refine((cs) => new Set(cs.map((c) => c.key)).size === cs.length, "criterion keys repeat"),
    }),
    z.strictObject({
      kind: z.literal("custom"),
      mode: z.enum(JUDGE_MODES, { error: `mode must be one of ${JUDGE_MODES.join(", ")}` }),
      text: z
        .string()
        .min(1, "The template is empty")
        .max(MAX_TEMPLATE, `The template is longer than ${MAX_TEMPLATE} characters`),
    }),
  ],
  { error: `kind must be one of ${[...JUDGE_BUILTIN_TEMPLATES, "custom"].join(", ")}` },
);
export type JudgeTemplate = z.infer<typeof JudgeTemplate>;

/** The mode a template judges in: pairwise templates compare two answers, the others rate one. */
export const templateMode = (t: JudgeTemplate): (typeof JUDGE_MODES)[number] =>
  t.kind === "custom" ? t.mode : t.kind === "pairwise" ? "pairwise" : "single";

const usdPerMTok = (field: string) =>
  z
    .number({ error: `pricing.${field} must be a number (USD per 1M tokens)` })
    .min(0, `pricing.${field} must not be negative`)
    .max(10_000, `pricing.${field} is above 10,000 USD per 1M tokens`);

/** What the judge's endpoint charges, for a model the price catalogue does not know (a vLLM
 *  server's, an Azure deployment's own name); it wins over the catalogue. */
export const JudgePricing = z.strictObject({
  inputUsdPerMTok: usdPerMTok("inputUsdPerMTok"),
  outputUsdPerMTok: usdPerMTok("outputUsdPerMTok"),
});
export type JudgePricing = z.infer<typeof JudgePricing>;

/** What one version of a judge fixes. Temperature is always 0 (MT-Bench's judges). */
export const JudgeSettings = z.object({
  provider: z.enum(JUDGE_PROVIDERS, {
    error: `provider must be one of ${JUDGE_PROVIDERS.join(", ")}`,
  }),
  /** The model name the endpoint serves (an Azure deployment name under Azure), or for `local` a
   *  model folder or Hub id, as experiments name base models. */
  model: z
    .string()
    .trim()
    .min(1, "Name the judge's model")
    .max(500)
    .refine(
      (m) => ![...m].some((c) => c.charCodeAt(0) < 32),
      "model must not contain control characters",
    ),
  template: JudgeTemplate,
  /** OpenAI-compatible judges only; without it the catalogue's price, or an unknown cost. */
  pricing: JudgePricing.optional(),
});
export type JudgeSettings = z.infer<typeof JudgeSettings>;

export const CreateJudgeInput = JudgeSettings.extend({ name: JudgeName });
export type CreateJudgeInput = z.infer<typeof CreateJudgeInput>;

export const JudgeIdInput = z.object({ judgeId: z.string().min(1).max(100) });
export type JudgeIdInput = z.infer<typeof JudgeIdInput>;

/** An edit: the full settings of the next version (the name stays: suites' metrics carry it). */
export const UpdateJudgeInput = JudgeSettings.extend(JudgeIdInput.shape);
export type UpdateJudgeInput = z.infer<typeof UpdateJudgeInput>;

const text = (what: string) => z.string().max(50_000, `${what} is longer than 50,000 characters`);
export const TrySample = z.strictObject({
  question: text("question"),
  answer: text("answer").optional(),
  answerA: text("answerA").optional(),
  answerB: text("answerB").optional(),
  reference: text("reference").optional(),
});
export type TrySample = z.infer<typeof TrySample>;

const TryJudgeFields = z.object({
  version: z.number().int().min(1).optional(),
  samples: z.array(TrySample).min(1).max(3).optional(),
  runId: z.string().min(1).max(100).optional(),
  againstRunId: z.string().min(1).max(100).optional(),
});
const oneSource = (t: z.infer<typeof TryJudgeFields>) =>
  (t.samples === undefined) !== (t.runId === undefined);
const ONE_SOURCE = { message: "Give either samples or a runId", path: ["samples"] };

/** Try a saved judge on up to 3 samples: given ones, or the first 3 of a run's evaluation (against
 *  another run's outputs for a pairwise judge). Calls go through the cache like any other.
 *  TryJudgeBody is the REST body (the judge comes from the path). */
export const TryJudgeBody = TryJudgeFields.refine(oneSource, ONE_SOURCE);
export const TryJudgeInput = TryJudgeFields.extend(JudgeIdInput.shape).refine(
  oneSource,
  ONE_SOURCE,
);
export type TryJudgeInput = z.infer<typeof TryJudgeInput>;

/** A judge in an eval suite. `name` and `version` are filled in when the experiment is created:
 *  the suite then judges with that version throughout, and its metric is "judge:<name>". */
export const SuiteJudge = z.strictObject({
  judgeId: z.string().min(1).max(100),
  mode: z.enum(JUDGE_MODES, { error: `mode must be one of ${JUDGE_MODES.join(", ")}` }),
  /** Pairwise only: the run every run is compared with; default the experiment's baseline. */
  against: z.union([z.literal("baseline"), z.string().min(1).max(100)]).optional(),
  name: JudgeName.optional(),
  version: z.number().int().min(1).optional(),
});
export type SuiteJudge = z.infer<typeof SuiteJudge>;

export const SuiteJudges = z.array(SuiteJudge).max(10, "At most 10 judges");

/** The most one evaluation may spend on judge calls; cache hits are free. */
export const JudgeBudget = z
  .strictObject({
    maxCalls: z.number().int().min(1).max(10_000_000).optional(),
    maxUsd: z.number().positive().max(1_000_000).optional(),
  })
  .refine((b) => b.maxCalls !== undefined || b.maxUsd !== undefined, {
    message: "give maxCalls, maxUsd or both",
  });
export type JudgeBudget = z.infer<typeof JudgeBudget>;

/** A judge's per-sample metric: its rating on 0–100, (rating − 1) / 9 · 100. */
export const judgeMetric = (name: string): JudgeMetric => `judge:${name}`;
export type JudgeMetric = `judge:${string}`;

// ---------------------------------------------------------------- outputs

export const JudgeVersionOut = z.object({
  version: z.number().int(),
  provider: z.enum(JUDGE_PROVIDERS),
  model: z.string(),
  template: JudgeTemplate,
  mode: z.enum(JUDGE_MODES),
  pricing: JudgePricing.nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type JudgeVersionOut = z.infer<typeof JudgeVersionOut>;

export const JudgeOut = z.object({
  id: z.string(),
  name: z.string(),
  current: JudgeVersionOut,
  createdAt: z.string(),
});
export type JudgeOut = z.infer<typeof JudgeOut>;

export const JudgeDetailOut = JudgeOut.extend({ versions: z.array(JudgeVersionOut) });
export type JudgeDetailOut = z.infer<typeof JudgeDetailOut>;

export const ChatMessageOut = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});

/** One call's result, as stored: `unparsed` answers are counted and never scored. */
export const JudgeGameOut = z.object({
  /** 0: single mode; 1: the run's answer shown as A; 2: shown as B. */
  game: z.number().int().min(0).max(2),
  messages: z.array(ChatMessageOut),
  raw: z.string(),
  status: z.enum(["parsed", "unparsed"]),
  /** "A" | "B" | "C" (pairwise), a 1–10 rating (single), { key: rating } (rubric), or null. */
  verdict: z
    .union([z.enum(["A", "B", "C"]), z.number(), z.record(z.string(), z.number())])
    .nullable(),
  cached: z.boolean(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number().nullable(),
});
export type JudgeGameOut = z.infer<typeof JudgeGameOut>;

export const TryJudgeOut = z.object({
  judgeId: z.string(),
  version: z.number().int(),
  mode: z.enum(JUDGE_MODES),
  samples: z.array(
    z.object({
      games: z.array(JudgeGameOut),
      /** Single: the 0–100 score; pairwise: the combined verdict for the first answer (x). */
      score: z.number().nullable(),
      winner: z.enum(["x", "y", "tie"]).nullable(),
      flipped: z.boolean().nullable(),
    }),
  ),
  costUsd: z.number().nullable(),
});
export type TryJudgeOut = z.infer<typeof TryJudgeOut>;

export const RunVerdictsInput = z.object({
  runId: z.string().min(1).max(100),
  sampleIdx: z.number().int().min(0).optional(),
});
export type RunVerdictsInput = z.infer<typeof RunVerdictsInput>;

/** A sample's verdicts from one judge version (single: game 0; pairwise: games 1 and 2). */
export const RunVerdictOut = z.object({
  sampleIdx: z.number().int(),
  judgeId: z.string(),
  judgeName: z.string(),
  version: z.number().int(),
  mode: z.enum(JUDGE_MODES),
  /** Pairwise: the run compared with; null in single mode. */
  againstRunId: z.string().nullable(),
  game: z.number().int(),
  status: z.enum(["parsed", "unparsed"]),
  verdict: z
    .union([z.enum(["A", "B", "C"]), z.number(), z.record(z.string(), z.number())])
    .nullable(),
  /** The judge's answer: its rationale and verdict. */
  raw: z.string(),
});
export type RunVerdictOut = z.infer<typeof RunVerdictOut>;

// ---------------------------------------------------------------- leaderboard and calibration

const Share = z.object({
  share: z.number().nullable(),
  k: z.number().int(),
  n: z.number().int(),
  /** Exact two-sided binomial p against 1/2. */
  p: z.number().nullable(),
});
const Interval = z.tuple([z.number(), z.number()]).nullable();

/** A judge against people on the same (sample, pair of runs) of a review campaign. */
export const JudgeCalibration = z.object({
  campaignId: z.string(),
  n: z.number().int(),
  agreement: z.number().nullable(),
  /** Cohen's κ between the judge and the human majority (labels: run x wins, run y wins, tie). */
  kappa: z.number().nullable(),
  band: z.enum(["poor", "slight", "fair", "moderate", "substantial", "almost perfect"]).nullable(),
  /** κ below 0.4, or not computable: show a warning wherever the judge's scores appear. */
  warning: z.boolean(),
  /** confusion[human][judge], rows and columns: x wins, y wins, tie. */
  confusion: z.array(z.array(z.number().int())),
  winRates: z.array(
    z.object({
      runId: z.string(),
      human: z.number().nullable(),
      judge: z.number().nullable(),
      n: z.number().int(),
    }),
  ),
});
export type JudgeCalibration = z.infer<typeof JudgeCalibration>;

/** A pairwise judge's column on the leaderboard: its biases and its agreement with people. */
export const LeaderboardJudge = z.object({
  judgeId: z.string(),
  name: z.string(),
  version: z.number().int(),
  againstRunId: z.string(),
  /** Pairs with both orders parsed. */
  pairs: z.number().int(),
  /** Games without a verdict after the reminder: counted, never scored. */
  unparsed: z.number().int(),
  flipRate: z.number().nullable(),
  firstSlot: Share,
  longerWins: Share,
  calibration: JudgeCalibration.nullable(),
});
export type LeaderboardJudge = z.infer<typeof LeaderboardJudge>;

/** One run's cell in a pairwise judge's column. */
export const LeaderboardJudgeRun = z.object({
  judgeId: z.string(),
  /** Win rate against the reference run, tie = ½, with a 95% bootstrap CI over samples. */
  winRate: z.number().nullable(),
  ci: Interval,
  n: z.number().int(),
  /** The judge's Bradley–Terry rating across the experiment's runs (Elo scale, mean 1000). */
  rating: z.number().nullable(),
  ratingCi: Interval,
});
export type LeaderboardJudgeRun = z.infer<typeof LeaderboardJudgeRun>;

/** What the leaderboard's refresh stores of its pairwise judges (keyed by run id). */
export const LeaderboardJudgeColumns = z.object({
  judges: z.array(LeaderboardJudge),
  byRun: z.record(z.string(), z.array(LeaderboardJudgeRun)),
});
export type LeaderboardJudgeColumns = z.infer<typeof LeaderboardJudgeColumns>;

export const CampaignCalibrationInput = z.object({ campaignId: z.string().min(1).max(100) });
export type CampaignCalibrationInput = z.infer<typeof CampaignCalibrationInput>;
export const CampaignCalibrationOut = z.array(
  z.object({
    judgeId: z.string(),
    name: z.string(),
    version: z.number().int(),
    calibration: JudgeCalibration,
  }),
);
export type CampaignCalibrationOut = z.infer<typeof CampaignCalibrationOut>;

/** Turn a pairwise judge's verdicts on one run (against its reference run) into a preference
 *  dataset version. The judge's version and reference are the experiment suite's. */
export const JudgePreferencesInput = z.object({
  experimentId: z.string().min(1).max(100),
  judgeId: z.string().min(1).max(100),
  runId: z.string().min(1).max(100),
  /** Left out: "<judge name> preferences". */
  datasetName: z.string().trim().min(1, "Give the dataset a name").max(120).optional(),
});
export type JudgePreferencesInput = z.infer<typeof JudgePreferencesInput>;
/** The same, as a REST body: the experiment is the path's. */
export const JudgePreferencesBody = JudgePreferencesInput.omit({ experimentId: true });
