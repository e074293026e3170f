import { index, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { BACKEND_KINDS } from "../../core/enums";
import type {
  EvalSuite,
  HyperparameterGrid,
  TrainingSettings,
} from "../../server/schemas/experiments";
import { createdAt, id } from "./columns";
import { datasetVersions } from "./datasets";
import { projects } from "./projects";

export const backendKind = pgEnum("backend_kind", BACKEND_KINDS);

export const experiments = pgTable(
  "experiments",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    /** Null only for an external experiment (MLflow-created) whose base model is not set yet;
     *  its runs cannot be evaluated until it is (docs/mlflow.md). */
    baseModel: text("base_model"),
    /** Null only for an external experiment whose dataset is not chosen yet (as baseModel). */
    datasetVersionId: text("dataset_version_id").references(() => datasetVersions.id),
    backend: backendKind("backend").notNull(),
    /** Metrics, split, generation, primary metric, gates. */
    evalSuite: jsonb("eval_suite").$type<EvalSuite>().notNull(),
    /** HyperparameterGrid: the axes as entered, kept to show and to re-expand. */
    grid: jsonb("grid").$type<HyperparameterGrid>().notNull(),
    /** Training settings shared by every run (the grid overrides these per point). */
    training: jsonb("training").$type<TrainingSettings>().notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
  },
  (t) => [index("experiments_project_idx").on(t.projectId, t.createdAt)],
);
