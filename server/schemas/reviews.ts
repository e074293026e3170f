import { z } from "zod";
import { REVIEW_CHOICES, REVIEW_MODES } from "../../core/enums";

export const ReviewMode = z.enum(REVIEW_MODES);
export type ReviewMode = z.infer<typeof ReviewMode>;
export const PairwiseChoice = z.enum(REVIEW_CHOICES);
export type PairwiseChoice = z.infer<typeof PairwiseChoice>;

export const STRATIFY_BY = ["reference-length", "baseline-correct"] as const;
export const Sampling = z.object({
  kind: z.enum(["random", "stratified"]),
  seed: z
    .number({ error: "The sampling seed must be a number" })
    .int("The sampling seed must be a whole number")
    .min(0, "The sampling seed is 0 or more")
    .max(2 ** 31 - 1, "The sampling seed is below 2^31"),
  /** reference-length: quartiles of the reference's length; baseline-correct: whether the
   *  baseline run (else the first chosen run) scored ≥ 50 on the primary metric. */
  stratifyBy: z.enum(STRATIFY_BY).optional(),
});
export type Sampling = z.infer<typeof Sampling>;

const label = z.string().trim().min(1, "Each scale label needs text").max(60);
export const RubricCriterion = z.object({
  key: z
    .string()
    .trim()
    .regex(
      /^[a-z][a-z0-9_]{0,39}$/,
      "A criterion key is lowercase letters, digits and _ (e.g. fluency)",
    ),
  label: z.string().trim().min(1, "Give the criterion a label").max(80),
  labels: z.tuple([label, label, label, label, label]),
});
export type RubricCriterion = z.infer<typeof RubricCriterion>;

export const Rubric = z
  .object({
    criteria: z.array(RubricCriterion).max(10, "At most 10 criteria"),
    passFail: z.boolean(),
    comment: z.boolean(),
  })
  .refine((r) => r.criteria.length > 0 || r.passFail, {
    message: "A rubric needs at least one criterion or pass/fail",
    path: ["criteria"],
  })
  .refine((r) => new Set(r.criteria.map((c) => c.key)).size === r.criteria.length, {
    message: "Criterion keys must be unique (two criteria have the same name)",
    path: ["criteria"],
  });
export type Rubric = z.infer<typeof Rubric>;

/** Pairwise only. "all": every pair of the chosen runs on every sampled input (K(K−1)/2 items
 *  per input); "balanced": one pair per input, cycling through a seeded shuffle of all pairs,
 *  so each pair gets ≈ sampleSize / pairs items. */
export const Pairing = z.enum(["all", "balanced"]);

export const CreateCampaignInput = z
  .object({
    experimentId: z.string().min(1),
    name: z.string().trim().min(1, "Give the campaign a name").max(200),
    mode: ReviewMode,
    /** Either the runs to review, or the top K of the leaderboard (baseline excluded). */
    runIds: z
      .array(z.string().min(1))
      .min(1, "Pick the runs to review")
      .max(50, "At most 50 runs")
      .optional(),
    topK: z
      .number({ error: "K must be a number" })
      .int("K must be a whole number")
      .min(1, "K is at least 1")
      .max(50, "K is at most 50")
      .optional(),
    sampleSize: z
      .number({ error: "The sample size must be a number" })
      .int("The sample size must be a whole number")
      .min(1, "Sample at least one item")
      .max(5000),
    sampling: Sampling,
    /** Pairwise only. "all": every pair of the chosen runs on every sampled input (K(K−1)/2 items
     *  per input); "balanced": one pair per input, cycling through a seeded shuffle of all pairs,
     *  so each pair gets ≈ sampleSize / pairs items. Default "all". */
    pairing: Pairing.optional(),
    reviewersPerItem: z
      .number({ error: "Reviewers per item must be a number" })
      .int("Reviewers per item must be a whole number")
      .min(1, "At least one reviewer per item")
      .max(20, "At most 20 reviewers per item"),
    reservationSeconds: z
      .number({ error: "The reservation must be a number" })
      .int()
      .min(10, "A reservation lasts at least 10 seconds")
      .max(24 * 3600, "A reservation lasts at most a day")
      .default(300),
    guidelines: z.string().max(20000),
    rubric: Rubric.optional(),
    reviewerIds: z.array(z.string().min(1)).max(500).default([]),
  })
  .refine((c) => (c.runIds === undefined) !== (c.topK === undefined), {
    message: "Give either runIds or topK",
    path: ["runIds"],
  })
  .refine((c) => c.mode !== "rubric" || c.rubric !== undefined, {
    message: "Rubric mode needs a rubric",
    path: ["rubric"],
  })
  .refine((c) => c.mode !== "pairwise" || (c.runIds?.length ?? c.topK ?? 0) >= 2, {
    message: "Pairwise review needs at least two runs",
    path: ["runIds"],
  })
  .refine((c) => c.sampling.kind !== "stratified" || c.sampling.stratifyBy !== undefined, {
    message: "Stratified sampling needs stratifyBy",
    path: ["sampling", "stratifyBy"],
  });
export type CreateCampaignInput = z.input<typeof CreateCampaignInput>;

/** review_campaigns.settings: what the campaign was created with, kept to show and to audit. */
export type CampaignSettings = {
  guidelines: string;
  rubric: Rubric | null;
  sampling: Sampling;
  sampleSize: number;
  pairing: z.infer<typeof Pairing> | null;
  topK: number | null;
  /** The experiment's primary metric when the campaign was made: the automatic judge. */
  primaryMetric: string;
};

export const CampaignIdInput = z.object({ campaignId: z.string().min(1) });
export type CampaignIdInput = z.infer<typeof CampaignIdInput>;

/** Turn a pairwise campaign's clear verdicts into a preference dataset version. */
export const CampaignPreferencesInput = z.object({
  campaignId: z.string().min(1),
  /** Left out: "<campaign name> preferences". */
  datasetName: z.string().trim().min(1, "Give the dataset a name").max(120).optional(),
  /** The winner's share of an item's votes at least this (a majority is always required). */
  minAgreement: z
    .number({ error: "minimum agreement must be a number" })
    .gt(0.5, "minimum agreement must be above 0.5: a verdict is already a majority")
    .max(1, "minimum agreement is a share, at most 1")
    .optional(),
});
export type CampaignPreferencesInput = z.input<typeof CampaignPreferencesInput>;
/** The same, as a REST body: the campaign is the path's. */
export const CampaignPreferencesBody = CampaignPreferencesInput.omit({ campaignId: true });

export const ListCampaignsInput = z
  .object({ experimentId: z.string().min(1).optional() })
  .default({});
export type ListCampaignsInput = z.input<typeof ListCampaignsInput>;

export const SetReviewersInput = z.object({
  campaignId: z.string().min(1),
  add: z.array(z.string().min(1)).max(500).default([]),
  remove: z.array(z.string().min(1)).max(500).default([]),
});
export type SetReviewersInput = z.input<typeof SetReviewersInput>;

export const SlotInput = z.object({ slot: z.string().min(1).max(100) });
export type SlotInput = z.infer<typeof SlotInput>;

export const PairwiseVote = z.object({
  choice: PairwiseChoice,
  reason: z.string().max(2000).optional(),
});
export const RubricVote = z.object({
  scores: z.record(
    z.string(),
    z
      .number()
      .int("Scores are whole numbers")
      .min(1, "Scores run from 1 to 5")
      .max(5, "Scores run from 1 to 5"),
  ),
  pass: z.boolean().optional(),
  comment: z.string().max(5000).optional(),
});
export type RubricVote = z.infer<typeof RubricVote>;

export const VoteInput = z
  .object({
    slot: z.string().min(1).max(100),
    pairwise: PairwiseVote.optional(),
    rubric: RubricVote.optional(),
  })
  .refine((v) => (v.pairwise === undefined) !== (v.rubric === undefined), {
    message: "Give either a pairwise or a rubric vote",
    path: ["pairwise"],
  });
export type VoteInput = z.infer<typeof VoteInput>;

/** A previous vote, shown again when the reviewer goes back. Sides are as this reviewer saw them. */
export const PreviousVote = z.object({
  version: z.number(),
  pairwise: PairwiseVote.optional(),
  rubric: RubricVote.optional(),
});

/**
 * What a reviewer sees: no run id, run name, model name or item id, in any mode. `slot` is a
 * random token, fresh on every claim. Pairwise outputs come in display order A then B.
 */
export const ReviewItem = z.object({
  slot: z.string(),
  campaignId: z.string(),
  mode: ReviewMode,
  /** 1-based: this reviewer's number of judged items so far, plus one. */
  position: z.number(),
  /** Items this reviewer has judged plus those still open to them. */
  total: z.number(),
  prompt: z.string(),
  reference: z.string().nullable(),
  outputs: z.array(z.object({ side: z.enum(["A", "B"]).nullable(), text: z.string() })),
  previous: PreviousVote.optional(),
  expiresAt: z.date(),
  guidelines: z.string(),
  rubric: Rubric.nullable(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;
export type NextItemResult = ReviewItem | null;

export const Progress = z.object({ done: z.number(), total: z.number() });
export type Progress = z.infer<typeof Progress>;

export const AgreementReading = z.enum(["reliable", "tentative", "unreliable"]);
export const AgreementFigure = z.object({
  metric: z.enum(["krippendorff_alpha", "cohen_kappa", "fleiss_kappa"]),
  /** What was agreed on: "choice" (pairwise), a criterion key, or "pass". */
  subject: z.string(),
  value: z.number().nullable(),
  reading: AgreementReading.nullable(),
  /** Units (items) that entered the coefficient. */
  n: z.number(),
});
export type AgreementFigure = z.infer<typeof AgreementFigure>;

const Ci = z.tuple([z.number(), z.number()]).nullable();
/** reviews.results. Scores: pairwise = win rate in % (ties and "both bad" count half); rubric =
 *  mean criterion score 1-5 (or the pass rate in % for a pass/fail-only rubric). */
export const ReviewResults = z.object({
  campaignId: z.string(),
  mode: ReviewMode,
  votes: z.number(),
  items: z.number(),
  itemsVoted: z.number(),
  perRun: z.array(
    z.object({
      runId: z.string(),
      runName: z.string(),
      score: z.number().nullable(),
      ci: Ci,
      n: z.number(),
      passRate: z.number().nullable(),
      criteria: z.array(
        z.object({ key: z.string(), label: z.string(), score: z.number().nullable() }),
      ),
    }),
  ),
  /** Pairwise; empty in rubric mode. wins[i][j]: wins of run i over run j plus half their ties; n[i][j]: votes. */
  winMatrix: z.object({
    runIds: z.array(z.string()),
    names: z.array(z.string()),
    wins: z.array(z.array(z.number())),
    n: z.array(z.array(z.number())),
  }),
  /** Pairwise only, best first; `prior` when the MLE does not exist and a weak prior was used. */
  bradleyTerry: z.array(
    z.object({
      runId: z.string(),
      runName: z.string(),
      rating: z.number(),
      ci: z.tuple([z.number(), z.number()]),
      rank: z.number(),
      battles: z.number(),
      prior: z.boolean(),
    }),
  ),
  /** Bootstrap rounds behind the Bradley–Terry CIs (fewer for large campaigns; see btBootstrapRounds). */
  btRounds: z.number(),
  agreement: z.array(AgreementFigure),
  /** Pairwise: share of decisive votes (A or B) that went to side A, exact binomial p vs 1/2; n 0 in rubric mode. */
  positionBias: z.object({
    aWinRate: z.number().nullable(),
    n: z.number(),
    pValue: z.number().nullable(),
  }),
  judgeAgreement: z
    .object({
      metric: z.literal("cohen_kappa"),
      value: z.number().nullable(),
      reading: AgreementReading.nullable(),
      n: z.number(),
      rawAgreement: z.number(),
    })
    .nullable(),
});
export type ReviewResults = z.infer<typeof ReviewResults>;
