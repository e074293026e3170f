import { index, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { GATE_VERDICTS } from "../../core/enums";
import type { GateCheck, GateSpec } from "../../server/schemas/gates";
import { createdAt, id, tstz } from "./columns";
import { evaluations } from "./evaluations";
import { experiments } from "./experiments";
import { projects } from "./projects";
import { runs } from "./runs";

export const gateVerdict = pgEnum("gate_verdict", GATE_VERDICTS);

// One verdict per run (unique runId), decided right after the evaluation commits; a replayed
// evaluation job decides it if a crash came in between, and finds a decided one final.
export const gateVerdicts = pgTable(
  "gate_verdicts",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    evaluationId: text("evaluation_id")
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    verdict: gateVerdict("verdict").notNull(),
    checks: jsonb("checks").$type<GateCheck[]>().notNull(),
    /** The gate specs as they were when decided, so a verdict stays explainable. */
    gates: jsonb("gates").$type<GateSpec[]>().notNull(),
    createdAt: createdAt(),
    decidedAt: tstz("decided_at"),
  },
  (t) => [
    uniqueIndex("gate_verdicts_run_idx").on(t.runId),
    index("gate_verdicts_experiment_idx").on(t.experimentId),
  ],
);
