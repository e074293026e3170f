import { eq } from "drizzle-orm";
import { PROJECT_SECRET_NAMES } from "@/core/enums";
import {
  type OpenAISettings,
  projectSettings,
  projects,
  type SageMakerSettings,
} from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { notFound } from "@/server/errors";
import { SECRET_KINDS } from "./secret-names";
import { listSecretHints } from "./secrets";

export type ProjectSettingsView = {
  project: { id: string; slug: string };
  sagemaker: SageMakerSettings;
  openai: OpenAISettings;
  hooksEnabled: boolean;
  /** Never a secret's value: whether it is set, and its masked hint. */
  secrets: {
    name: (typeof PROJECT_SECRET_NAMES)[number];
    label: string;
    generated: boolean;
    set: boolean;
    hint: string | null;
    updatedAt: Date | null;
  }[];
};

export async function loadSettings(
  db: Db,
  projectId: string,
): Promise<{ sagemaker: SageMakerSettings; openai: OpenAISettings; hooksEnabled: boolean }> {
  const [row] = await db
    .select()
    .from(projectSettings)
    .where(eq(projectSettings.projectId, projectId));
  return {
    sagemaker: row?.sagemaker ?? {},
    openai: row?.openai ?? {},
    hooksEnabled: row?.hooksEnabled ?? true,
  };
}

export async function getSettings(db: Db, projectId: string): Promise<ProjectSettingsView> {
  const [project] = await db
    .select({ id: projects.id, slug: projects.slug })
    .from(projects)
    .where(eq(projects.id, projectId));
  if (!project) throw notFound("Project");
  const [settings, hints] = await Promise.all([
    loadSettings(db, projectId),
    listSecretHints(db, projectId),
  ]);
  const secrets = PROJECT_SECRET_NAMES.map((name) => {
    const h = hints.find((x) => x.name === name);
    return {
      name,
      ...SECRET_KINDS[name],
      set: !!h,
      hint: h?.hint ?? null,
      updatedAt: h?.updatedAt ?? null,
    };
  });
  return { project, ...settings, secrets };
}
