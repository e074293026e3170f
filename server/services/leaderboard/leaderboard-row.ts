import type { RankedRow } from "@/evals";
import type { CorpusScore } from "@/server/schemas/evaluations";
import type { ComputedMetric, RunHyperparams } from "@/server/schemas/experiments";
import type { LeaderboardGate, LeaderboardHuman } from "@/server/schemas/leaderboard";
import type { RunCost } from "@/server/schemas/runs-table";
import type { LeaderboardPareto } from "./cost-pareto";

/** One run on the leaderboard. p-values are null where not due or while `updating`. */
export type LeaderboardRow = RankedRow & {
  name: string;
  isBaseline: boolean;
  status: string;
  hyperparams: RunHyperparams;
  primary: CorpusScore | null;
  scores: Partial<Record<ComputedMetric, CorpusScore>>;
  /** Null while `updating` (decided for an evaluation the run no longer points at). */
  gate: LeaderboardGate | null;
  /** Some of this row's stored values were computed from inputs that changed since (its or the
   *  best run's or the baseline's evaluation); they are left out until the refresh job catches up. */
  updating: boolean;
  /** Human review (server/services/reviews/leaderboard-columns.ts); null when not reviewed. */
  human: LeaderboardHuman | null;
  /** One cost figure (server/services/cost); null until known. */
  cost: RunCost | null;
  /** Quality (primary score) vs cost; null without both. */
  pareto: LeaderboardPareto | null;
};
