import { doublePrecision, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { LeaderboardReviewColumns, RetentionChange } from "../../server/schemas/leaderboard";
import { tstz, updatedAt } from "./columns";
import { evaluations } from "./evaluations";
import { experiments } from "./experiments";
import { runs } from "./runs";

// What the leaderboard shows is computed by the keyed job "leaderboard.refresh" when its inputs
// change and only read by leaderboard.get (server/services/leaderboard/README.md). Each stored
// value names the inputs it was computed from, so the reader can tell a stale one.

/** One per experiment: which refresh job comes next, and whether inputs changed during one. */
export const leaderboardState = pgTable("leaderboard_state", {
  experimentId: text("experiment_id")
    .primaryKey()
    .references(() => experiments.id, { onDelete: "cascade" }),
  /** Bumped in the transaction of every change the leaderboard depends on. */
  version: integer("version").notNull().default(0),
  /** The pending refresh job's key is `leaderboard.refresh:<experimentId>:<round>`; every refresh
   *  that ends (or fails for good) moves to the next round. */
  round: integer("round").notNull().default(0),
  /** The last refresh's failure, cleared by the next one that succeeds. */
  error: text("error"),
  updatedAt: updatedAt(),
});

/** A run's paired p-values against the best run and the baseline, and the evaluations compared. */
export const leaderboardRows = pgTable(
  "leaderboard_rows",
  {
    runId: text("run_id")
      .primaryKey()
      .references(() => runs.id, { onDelete: "cascade" }),
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    /** The primary metric the tests ran on. */
    metric: text("metric").notNull(),
    evaluationId: text("evaluation_id")
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    /** Null when no test against it was due (evals/leaderboard.ts, rowInputs). */
    bestEvaluationId: text("best_evaluation_id"),
    baselineEvaluationId: text("baseline_evaluation_id"),
    /** Null when not due, or when the two evaluations scored different items. */
    pValueVsBest: doublePrecision("p_value_vs_best"),
    pValueVsBaseline: doublePrecision("p_value_vs_baseline"),
    computedAt: tstz("computed_at").notNull().defaultNow(),
  },
  (t) => [index("leaderboard_rows_experiment_idx").on(t.experimentId)],
);

/** A run's retention perplexity against the baseline's, and the two evaluations it compared. */
export const leaderboardRetention = pgTable(
  "leaderboard_retention",
  {
    runId: text("run_id")
      .primaryKey()
      .references(() => runs.id, { onDelete: "cascade" }),
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    evaluationId: text("evaluation_id")
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    baselineEvaluationId: text("baseline_evaluation_id")
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    /** Null when the two evaluations scored different retention samples. */
    change: jsonb("change").$type<RetentionChange>(),
    computedAt: tstz("computed_at").notNull().defaultNow(),
  },
  (t) => [index("leaderboard_retention_experiment_idx").on(t.experimentId)],
);

/** The human-review columns (LeaderboardReviewColumns in server/schemas/leaderboard.ts). */
export const leaderboardReviews = pgTable("leaderboard_reviews", {
  experimentId: text("experiment_id")
    .primaryKey()
    .references(() => experiments.id, { onDelete: "cascade" }),
  /** The campaign, its vote count, last vote time and runs' evaluations the columns came from. */
  stamp: text("stamp").notNull(),
  columns: jsonb("columns").$type<LeaderboardReviewColumns>().notNull(),
  computedAt: tstz("computed_at").notNull().defaultNow(),
});
