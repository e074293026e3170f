import { z } from "zod";
import type { GateCheck, GateVerdictValue } from "./gates";

export const LeaderboardInput = z.object({ experimentId: z.string().min(1) });
export type LeaderboardInput = z.infer<typeof LeaderboardInput>;

/** Human review on a leaderboard row (reviews, most recent campaign with votes). score: pairwise
 *  win rate in %, or rubric mean 1-5; btRating/btCi/btRank: Bradley–Terry (pairwise only). */
export type LeaderboardHuman = {
  score: number | null;
  ci: [number, number] | null;
  n: number;
  btRating: number | null;
  btCi: [number, number] | null;
  btRank: number | null;
};
export type LeaderboardReview = {
  campaignId: string;
  name: string;
  mode: "pairwise" | "rubric";
  votes: number;
  agreement: {
    metric: "krippendorff_alpha" | "cohen_kappa" | "fleiss_kappa";
    subject: string;
    value: number | null;
    reading: "reliable" | "tentative" | "unreliable" | null;
    n: number;
  }[];
  judgeAgreement: {
    metric: "cohen_kappa";
    value: number | null;
    reading: "reliable" | "tentative" | "unreliable" | null;
    n: number;
    rawAgreement: number;
  } | null;
};
/** What the leaderboard stores of its review campaign's results (JSON: keyed by run id). */
export type LeaderboardReviewColumns = {
  byRun: Record<string, LeaderboardHuman>;
  review: LeaderboardReview | null;
};

/** A run's regression-gate verdict on the leaderboard, with each check's reason. */
export type LeaderboardGate = { verdict: GateVerdictValue; checks: GateCheck[] };
