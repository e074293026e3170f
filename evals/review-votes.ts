// The shapes human-review results are computed from and into. evals/ imports no project folder, so
// the review vocabularies are written out here; tests/evals/review-results.test.ts checks them
// against core/enums.ts and the output against the API's schema (server/schemas/reviews.ts).

export type ReviewModeName = "pairwise" | "rubric";
/** What a reviewer pressed, relative to the sides shown. */
export type ShownChoice = "A" | "B" | "tie" | "both_bad";
/** The same vote relative to the item's runs: "a" = item.runA won. */
export const PAIRWISE_OUTCOMES = ["a", "b", "tie", "both_bad"] as const;
export type PairwiseOutcome = (typeof PAIRWISE_OUTCOMES)[number];

export type ResultItem = { id: string; sampleIdx: number; runA: string; runB: string | null };
export type ResultVote = {
  itemId: string;
  reviewerId: string;
  choice: ShownChoice | null;
  outcome: PairwiseOutcome | null;
  scores: Record<string, number> | null;
  pass: boolean | null;
};
export type RubricSpec = { criteria: { key: string; label: string }[]; passFail: boolean };

export type ResultsInput = {
  mode: ReviewModeName;
  runs: { id: string; name: string }[];
  items: ResultItem[];
  /** Current votes only, in the order they were first cast. */
  votes: ResultVote[];
  rubric: RubricSpec | null;
  reviewersPerItem: number;
  /** The automatic judge: per run, per sample, the primary metric's sentence score. */
  judge: Map<string, Map<number, number | null>>;
  seed: number;
  /** Bootstrap rounds; default 1000. */
  rounds?: number;
};

/** An item with its current votes. */
export type Voted = { item: ResultItem; votes: ResultVote[] };

export type AgreementReading = "reliable" | "tentative" | "unreliable";
export type AgreementFigure = {
  metric: "krippendorff_alpha" | "cohen_kappa" | "fleiss_kappa";
  /** What was agreed on: "choice" (pairwise), a criterion key, or "pass". */
  subject: string;
  value: number | null;
  reading: AgreementReading | null;
  /** Units (items) that entered the coefficient. */
  n: number;
};
export type JudgeAgreement = {
  metric: "cohen_kappa";
  value: number | null;
  reading: AgreementReading | null;
  n: number;
  rawAgreement: number;
};
export type RunReviewScore = {
  runId: string;
  runName: string;
  score: number | null;
  ci: [number, number] | null;
  n: number;
  passRate: number | null;
  criteria: { key: string; label: string; score: number | null }[];
};

/** Everything a review campaign's results page shows, computed from its current votes. */
export type ReviewResultsOut = {
  mode: ReviewModeName;
  votes: number;
  items: number;
  itemsVoted: number;
  /** Pairwise: win rate in % (ties and "both bad" count half); rubric: mean criterion score 1-5,
   *  or the pass rate in % for a pass/fail-only rubric. */
  perRun: RunReviewScore[];
  /** Pairwise; empty in rubric mode. wins[i][j]: wins of run i over run j plus half their ties. */
  winMatrix: { runIds: string[]; names: string[]; wins: number[][]; n: number[][] };
  /** Pairwise only, best first; `prior` when the MLE does not exist and a weak prior was used. */
  bradleyTerry: {
    runId: string;
    runName: string;
    rating: number;
    ci: [number, number];
    rank: number;
    battles: number;
    prior: boolean;
  }[];
  /** Bootstrap rounds behind the Bradley–Terry CIs (see btBootstrapRounds). */
  btRounds: number;
  agreement: AgreementFigure[];
  /** Pairwise: share of decisive votes that went to side A, exact binomial p vs 1/2. */
  positionBias: { aWinRate: number | null; n: number; pValue: number | null };
  judgeAgreement: JudgeAgreement | null;
};
/** What the pairwise and the rubric computations each fill in. */
export type ModeResults = Omit<ReviewResultsOut, "mode" | "votes" | "items" | "itemsVoted">;

/** Krippendorff's convention (2004): α ≥ .800 reliable, ≥ .667 tentative conclusions only. The
 *  same cut-offs are applied to κ so one reading runs through the page. */
export function agreementReading(value: number | null): AgreementReading | null {
  if (value === null) return null;
  return value >= 0.8 ? "reliable" : value >= 0.667 ? "tentative" : "unreliable";
}

export const mean = (xs: number[]): number | null =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
