import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { JUDGE_CALL_STATUSES, JUDGE_PROVIDERS } from "../../core/enums";
import type {
  JudgePricing,
  JudgeTemplate,
  LeaderboardJudgeColumns,
} from "../../server/schemas/judges";
import { users } from "./auth";
import { createdAt, id, timestamps } from "./columns";
import { experiments } from "./experiments";
import { projects } from "./projects";
import { runs } from "./runs";

export const judgeProvider = pgEnum("judge_provider", JUDGE_PROVIDERS);
export const judgeCallStatus = pgEnum("judge_call_status", JUDGE_CALL_STATUSES);

/** A judge of a project. Its settings live in versions; the name never changes, since suites'
 *  metrics ("judge:<name>") carry it. */
export const judges = pgTable(
  "judges",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    currentVersion: integer("current_version").notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex("judges_project_name_idx").on(t.projectId, t.name)],
);

/** Every version of a judge's settings, never changed once written. */
export const judgeVersions = pgTable(
  "judge_versions",
  {
    id: id(),
    judgeId: text("judge_id")
      .notNull()
      .references(() => judges.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    provider: judgeProvider("provider").notNull(),
    model: text("model").notNull(),
    template: jsonb("template").$type<JudgeTemplate>().notNull(),
    /** The endpoint's own price, overriding the catalogue's; null: the catalogue's, if any. */
    pricing: jsonb("pricing").$type<JudgePricing>(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("judge_versions_judge_version_idx").on(t.judgeId, t.version)],
);

export type StoredVerdict = "A" | "B" | "C" | number | Record<string, number> | null;
export type StoredMessage = { role: "system" | "user" | "assistant"; content: string };

/**
 * One answered judge call, committed as it lands. `cacheKey` hashes the rendered messages, which
 * fix the template, the inputs and the order; with the version it is unique, so re-judging
 * unchanged outputs (a re-evaluation, a job replayed after kill -9) finds the answer instead of
 * calling again. `budgetKey` names what paid for it (an evaluation's judging), for its budget.
 */
export const judgeCalls = pgTable(
  "judge_calls",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    judgeVersionId: text("judge_version_id")
      .notNull()
      .references(() => judgeVersions.id, { onDelete: "cascade" }),
    cacheKey: text("cache_key").notNull(),
    budgetKey: text("budget_key").notNull(),
    messages: jsonb("messages").$type<StoredMessage[]>().notNull(),
    /** The answer that was read: the retry's when the first lacked the format. */
    raw: text("raw").notNull(),
    status: judgeCallStatus("status").notNull(),
    verdict: jsonb("verdict").$type<StoredVerdict>(),
    attempts: integer("attempts").notNull(),
    promptTokens: integer("prompt_tokens").notNull(),
    completionTokens: integer("completion_tokens").notNull(),
    costUsd: doublePrecision("cost_usd"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("judge_calls_version_key_idx").on(t.judgeVersionId, t.cacheKey),
    index("judge_calls_budget_idx").on(t.budgetKey),
  ],
);

/**
 * Which call judged which sample of a run: game 0 in single mode; games 1 (the run's answer shown
 * as A) and 2 (shown as B) against `againstRunId` in pairwise mode ("" in single mode, so the key
 * has no null). Written with ON CONFLICT DO NOTHING as calls land.
 */
export const judgeVerdicts = pgTable(
  "judge_verdicts",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    judgeVersionId: text("judge_version_id")
      .notNull()
      .references(() => judgeVersions.id, { onDelete: "cascade" }),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    againstRunId: text("against_run_id").notNull(),
    sampleIdx: integer("sample_idx").notNull(),
    game: integer("game").notNull(),
    callId: text("call_id")
      .notNull()
      .references(() => judgeCalls.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({
      columns: [t.runId, t.judgeVersionId, t.againstRunId, t.sampleIdx, t.game],
    }),
    index("judge_verdicts_experiment_idx").on(t.experimentId, t.judgeVersionId),
  ],
);

/** The leaderboard's pairwise-judge columns, computed by its refresh job when `stamp` (the
 *  experiment's verdicts and its review campaign's votes) changes, and only read by
 *  leaderboard.get (server/services/leaderboard/README.md). */
export const leaderboardJudges = pgTable("leaderboard_judges", {
  experimentId: text("experiment_id")
    .primaryKey()
    .references(() => experiments.id, { onDelete: "cascade" }),
  stamp: text("stamp").notNull(),
  columns: jsonb("columns").$type<LeaderboardJudgeColumns>().notNull(),
  computedAt: createdAt(),
});
