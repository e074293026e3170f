import type { RETENTION_PERPLEXITY } from "@/core/enums";
import type { RankedRow } from "@/evals";
import type { CorpusScore } from "@/server/schemas/evaluations";
import type { ComputedMetric, RunHyperparams } from "@/server/schemas/experiments";
import type { LeaderboardJudgeRun } from "@/server/schemas/judges";
import type {
  LeaderboardGate,
  LeaderboardHuman,
  RetentionChange,
} from "@/server/schemas/leaderboard";
import type { RunCost } from "@/server/schemas/runs-table";
import type { LeaderboardPareto } from "./cost-pareto";

/** One run on the leaderboard. p-values are null where not due or while `updating`. */
export type LeaderboardRow = RankedRow & {
  name: string;
  isBaseline: boolean;
  status: string;
  hyperparams: RunHyperparams;
  primary: CorpusScore | null;
  scores: Partial<Record<ComputedMetric | typeof RETENTION_PERPLEXITY, CorpusScore>>;
  /** Null while `updating` (decided for an evaluation the run no longer points at). */
  gate: LeaderboardGate | null;
  /** Some of this row's stored values were computed from inputs that changed since (its or the
   *  best run's or the baseline's evaluation); they are left out until the refresh job catches up. */
  updating: boolean;
  /** Retention perplexity vs the baseline's (suite.retention); null for the baseline, without a
   *  retention set, before both evaluations, or while `updating`. */
  retention: RetentionChange | null;
  /** Human review (server/services/reviews/leaderboard-columns.ts); null when not reviewed. */
  human: LeaderboardHuman | null;
  /** Each pairwise judge's win rate and rating for this run (server/services/judges). */
  judges: LeaderboardJudgeRun[];
  /** One cost figure (server/services/cost); null until known. */
  cost: RunCost | null;
  /** The run's peak training memory in bytes (runs.peak_mem_bytes); null for the baseline and
   *  where the backend does not report it. */
  peakMemBytes: number | null;
  /** Quality (primary score) vs cost; null without both. */
  pareto: LeaderboardPareto | null;
};
