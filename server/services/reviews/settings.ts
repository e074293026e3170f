import type { Rubric, Sampling } from "@/server/schemas/reviews";

/** review_campaigns.settings: what the campaign was created with, kept to show and to audit. */
export type CampaignSettings = {
  guidelines: string;
  rubric: Rubric | null;
  sampling: Sampling;
  sampleSize: number;
  pairing: "all" | "balanced" | null;
  topK: number | null;
  /** The experiment's primary metric when the campaign was made: the automatic judge. */
  primaryMetric: string;
};
