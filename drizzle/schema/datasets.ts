import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { DATASET_FORMATS, DATASET_KINDS, DATASET_SPLITS } from "../../core/enums";
import type {
  DatasetSource,
  DatasetSplitSource,
  DatasetStats,
} from "../../server/schemas/datasets";
import type { ChatMessage } from "../../trainers/types";
import { createdAt, id } from "./columns";
import { projects } from "./projects";

export const datasetFormat = pgEnum("dataset_format", DATASET_FORMATS);

export const datasetSplit = pgEnum("dataset_split", DATASET_SPLITS);

export const datasetKind = pgEnum("dataset_kind", DATASET_KINDS);

export const datasets = pgTable(
  "datasets",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("datasets_project_name_idx").on(t.projectId, t.name)],
);

// Immutable: a version is never updated. `contentHash` is sha256 over the normalised train and
// eval examples, so uploading the same content again resolves to the same version.
export const datasetVersions = pgTable(
  "dataset_versions",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    datasetId: text("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    contentHash: text("content_hash").notNull(),
    format: datasetFormat("format").notNull(),
    kind: datasetKind("kind").notNull().default("chat"),
    /** Where the examples came from: null for an upload; a review campaign's votes otherwise. */
    source: jsonb("source").$type<DatasetSource>(),
    trainCount: integer("train_count").notNull(),
    evalCount: integer("eval_count").notNull(),
    split: jsonb("split").$type<DatasetSplitSource>().notNull(),
    /** Length statistics per split (characters of prompt and of completion). */
    stats: jsonb("stats").$type<DatasetStats>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("dataset_versions_hash_idx").on(t.datasetId, t.contentHash)],
);

/** One example, normalised to chat messages; `reference` is the final assistant turn (the
 *  preferred answer of a preference example, whose non-preferred one is `rejected`). */
export const datasetExamples = pgTable(
  "dataset_examples",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => datasetVersions.id, { onDelete: "cascade" }),
    split: datasetSplit("split").notNull(),
    idx: integer("idx").notNull(),
    /** Line number in the uploaded file, so outputs can be traced back to their source. */
    sourceLine: integer("source_line").notNull(),
    messages: jsonb("messages").$type<ChatMessage[]>().notNull(),
    reference: text("reference").notNull(),
    rejected: text("rejected"),
    /** More correct answers to score against besides `reference` (the line's `references`). */
    extraReferences: jsonb("extra_references").$type<string[]>(),
  },
  (t) => [
    uniqueIndex("dataset_examples_pk").on(t.versionId, t.split, t.idx),
    index("dataset_examples_version_idx").on(t.versionId),
  ],
);
