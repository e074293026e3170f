import { type FieldErrors, schemaErrors } from "@/app/_components/field-errors";
import type { ReviewMode } from "@/core/enums";
import { CreateCampaignInput, type RubricCriterion } from "@/server/schemas/reviews";

/** The new-campaign form as typed, and its one conversion into reviews.create's input. Pure, so
 *  the rules (what is required when) are tested without a browser. */

export type CriterionDraft = {
  /** Tells drafts apart while editing (the React key); the key sent is derived from the label. */
  key: string;
  label: string;
  labels: [string, string, string, string, string];
};

export type CampaignForm = {
  name: string;
  mode: ReviewMode;
  runsBy: "pick" | "topK";
  runIds: string[];
  topK: number;
  sampleSize: number;
  sampling: "random" | "stratified";
  stratifyBy: "reference-length" | "baseline-correct";
  seed: number;
  pairing: "all" | "balanced";
  reviewersPerItem: number;
  reservationMinutes: number;
  guidelines: string;
  criteria: CriterionDraft[];
  passFail: boolean;
  comment: boolean;
  reviewerIds: string[];
};

export const DEFAULT_LABELS: CriterionDraft["labels"] = [
  "Very poor",
  "Poor",
  "Acceptable",
  "Good",
  "Excellent",
];

let blankCriteria = 0;

/** An empty criterion with a key no other draft in this page has. */
export function blankCriterion(): CriterionDraft {
  blankCriteria += 1;
  return { key: `new-${blankCriteria}`, label: "", labels: [...DEFAULT_LABELS] };
}

export const DEFAULT_GUIDELINES = `Judge which answer serves the user better.

- **Correctness first**: a wrong answer loses to a right one, however well written.
- Then clarity and format: does it follow the instruction exactly?
- **Tie** when both are equally good; **Both bad** when neither is acceptable.
- You do not know which model wrote which answer, and the sides are shuffled: don't guess.`;

export function defaultForm(): CampaignForm {
  return {
    name: "",
    mode: "pairwise",
    runsBy: "pick",
    runIds: [],
    topK: 3,
    sampleSize: 20,
    sampling: "random",
    stratifyBy: "reference-length",
    seed: 1,
    pairing: "all",
    reviewersPerItem: 2,
    reservationMinutes: 5,
    guidelines: DEFAULT_GUIDELINES,
    criteria: [
      { key: "correctness", label: "Correctness", labels: [...DEFAULT_LABELS] },
      { key: "fluency", label: "Fluency", labels: [...DEFAULT_LABELS] },
    ],
    passFail: true,
    comment: true,
    reviewerIds: [],
  };
}

/** "Helpfulness (overall)" → "helpfulness_overall": the key the server's rubric schema
 *  accepts. */
export function criterionKey(label: string): string {
  const k = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^[^a-z]+/, "")
    .slice(0, 40);
  return k || "criterion";
}

/** What the server's schema would refuse in the form's input, by field path; {} when none. */
export function campaignErrors(experimentId: string, f: CampaignForm): FieldErrors {
  return schemaErrors(CreateCampaignInput, toCreateInput(experimentId, f));
}

export function toCreateInput(experimentId: string, f: CampaignForm): CreateCampaignInput {
  const criteria: RubricCriterion[] = f.criteria.map((c) => ({
    key: criterionKey(c.label),
    label: c.label.trim(),
    labels: c.labels.map((l) => l.trim()) as CriterionDraft["labels"],
  }));
  return {
    experimentId,
    name: f.name.trim(),
    mode: f.mode,
    ...(f.runsBy === "pick" ? { runIds: f.runIds } : { topK: f.topK }),
    sampleSize: f.sampleSize,
    sampling: {
      kind: f.sampling,
      seed: f.seed,
      ...(f.sampling === "stratified" ? { stratifyBy: f.stratifyBy } : {}),
    },
    ...(f.mode === "pairwise"
      ? { pairing: f.pairing }
      : { rubric: { criteria, passFail: f.passFail, comment: f.comment } }),
    reviewersPerItem: f.reviewersPerItem,
    reservationSeconds: Math.round(f.reservationMinutes * 60),
    guidelines: f.guidelines,
    reviewerIds: f.reviewerIds,
  };
}
