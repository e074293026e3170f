import { boolean, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import type { ProjectSecretName } from "../../core/enums";
import { users } from "./auth";
import { createdAt, updatedAt } from "./columns";
import { projects } from "./projects";

/** Non-secret backend settings of a project. Secrets live in `project_secrets`, encrypted. */
export type SageMakerSettings = {
  roleArn?: string;
  bucket?: string;
  region?: string;
  instanceType?: string;
  spot?: boolean;
};
export type OpenAISettings = {
  baseUrl?: string;
  azureEndpoint?: string;
  azureDeployment?: string;
  azureApiVersion?: string;
};

export const projectSettings = pgTable("project_settings", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  sagemaker: jsonb("sagemaker").$type<SageMakerSettings>().notNull().default({}),
  openai: jsonb("openai").$type<OpenAISettings>().notNull().default({}),
  /** Whether the incoming hooks of this project accept deliveries at all. */
  hooksEnabled: boolean("hooks_enabled").notNull().default(true),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// `ciphertext` is an AES-256-GCM envelope from server/crypto (never the plaintext); `hint` is the
// masked form shown in the UI after creation (e.g. "whsec_…a1b2").
export const projectSecrets = pgTable(
  "project_secrets",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").$type<ProjectSecretName>().notNull(),
    ciphertext: text("ciphertext").notNull(),
    hint: text("hint").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.name] })],
);
