import type { ProjectSecretName } from "@/core/enums";
import { projectSettings } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { SetSecretInput, UpdateSettingsInput } from "@/server/schemas/settings";
import { generateHookSecret } from "./secret-names";
import { deleteSecret, putSecret } from "./secrets";

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Replaces the given sections whole: a field left out of a section is unset (the form sends all). */
export async function updateSettings(
  db: Db,
  projectId: string,
  userId: string | null,
  input: UpdateSettingsInput,
): Promise<void> {
  const set = {
    ...(input.sagemaker ? { sagemaker: defined(input.sagemaker) } : {}),
    ...(input.openai ? { openai: defined(input.openai) } : {}),
    ...(input.hooksEnabled !== undefined ? { hooksEnabled: input.hooksEnabled } : {}),
    updatedBy: userId,
  };
  await db
    .insert(projectSettings)
    .values({ projectId, ...set })
    .onConflictDoUpdate({
      target: projectSettings.projectId,
      set: { ...set, updatedAt: new Date() },
    });
}

export async function setSecret(
  db: Db,
  projectId: string,
  input: SetSecretInput,
): Promise<{ hint: string }> {
  const hint = await putSecret(db, projectId, input.name, input.value);
  return { hint };
}

/** Generates a new hook secret, replacing the old one at once; the plaintext is returned this once. */
export async function rotateSecret(
  db: Db,
  projectId: string,
  name: "hooks.sagemaker" | "hooks.generic",
): Promise<{ secret: string; hint: string }> {
  const secret = generateHookSecret();
  const hint = await putSecret(db, projectId, name, secret);
  return { secret, hint };
}

export async function clearSecret(
  db: Db,
  projectId: string,
  name: ProjectSecretName,
): Promise<void> {
  await deleteSecret(db, projectId, name);
}
