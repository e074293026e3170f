import { z } from "zod";
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
export type HumanReviewColumns = {
  byRun: Map<string, LeaderboardHuman>;
  review: LeaderboardReview | null;
};
