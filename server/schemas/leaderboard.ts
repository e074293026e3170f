import { z } from "zod";
import type { GateCheck, GateVerdictValue } from "./gates";
import type { AgreementFigure, ReviewMode, ReviewResults } from "./reviews";

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
  mode: ReviewMode;
  votes: number;
  agreement: AgreementFigure[];
  judgeAgreement: ReviewResults["judgeAgreement"];
};
/** What the leaderboard stores of its review campaign's results (JSON: keyed by run id). */
export type LeaderboardReviewColumns = {
  byRun: Record<string, LeaderboardHuman>;
  review: LeaderboardReview | null;
};

/** A run's perplexity on the retention set relative to the base model's (1.08 = 8% higher: it
 *  forgot), with the paired bootstrap 95% interval (evals' perplexityRatio). */
export type RetentionChange = { ratio: number; ci: [number, number] };

/** A run's regression-gate verdict on the leaderboard, with each check's reason; baselineFailed:
 *  "none" because a relative check's baseline failed (as gates.list says it). */
export type LeaderboardGate = {
  verdict: GateVerdictValue;
  checks: GateCheck[];
  baselineFailed: boolean;
};
