import {
  doublePrecision,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { EVALUATION_STATUSES } from "../../core/enums";
import type {
  CorpusScores,
  EvaluationLikelihood,
  SampleScoreErrors,
  SampleScores,
} from "../../server/schemas/evaluations";
import { createdAt, id, tstz } from "./columns";
import { experiments } from "./experiments";
import { projects } from "./projects";
import { runs } from "./runs";

export const evaluationStatus = pgEnum("evaluation_status", EVALUATION_STATUSES);

// An evaluation's scores and samples never change once written (results are memoised by its id).
// `runId` points a run at its result: at most one evaluation per run (unique), the one its evaluate
// job wrote or, after a checkpoint promotion, that checkpoint's; a checkpoint's evaluation that is
// not promoted has no runId (server/services/checkpoints). The evaluate job is keyed by run and
// writes in one transaction, so a crash mid-evaluation leaves no half-written evaluation.
export const evaluations = pgTable(
  "evaluations",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    runId: text("run_id").references(() => runs.id, { onDelete: "cascade" }),
    status: evaluationStatus("status").notNull(),
    split: text("split").notNull(),
    sampleCount: integer("sample_count").notNull(),
    /** { [metric]: { score, ci: [lo, hi], signature } } on a 0-100 scale. */
    scores: jsonb("scores").$type<CorpusScores>().notNull(),
    /** Per-sample NLLs behind perplexity scores; null when the suite computes none. */
    likelihood: jsonb("likelihood").$type<EvaluationLikelihood>(),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: tstz("finished_at"),
  },
  (t) => [uniqueIndex("evaluations_run_idx").on(t.runId)],
);

export const evaluationSamples = pgTable(
  "evaluation_samples",
  {
    evaluationId: text("evaluation_id")
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    idx: integer("idx").notNull(),
    prompt: text("prompt").notNull(),
    reference: text("reference").notNull(),
    /** The example's other references (multi-reference metrics scored against all of them). */
    extraReferences: jsonb("extra_references").$type<string[]>(),
    output: text("output").notNull(),
    /** { accuracy: 0|100, bleu: sentence BLEU, chrf: sentence chrF, rouge1…rougeLsum: F × 100 } */
    scores: jsonb("scores").$type<SampleScores>().notNull(),
    /** Custom scorers that failed on this sample, with the reason; null when none did. */
    scoreErrors: jsonb("score_errors").$type<SampleScoreErrors>(),
    primaryScore: doublePrecision("primary_score"),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.idx] })],
);
