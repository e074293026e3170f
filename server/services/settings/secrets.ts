import { and, eq } from "drizzle-orm";
import type { ProjectSecretName } from "@/core/enums";
import { projectSecrets } from "@/drizzle/schema";
import { decryptSecret, encryptSecret, maskSecret } from "@/server/crypto";
import type { Db } from "@/server/db";

// The ciphertext is bound to (project, name): a row copied elsewhere does not decrypt.
export const secretContext = (projectId: string, name: ProjectSecretName) =>
  `project-secret:${projectId}:${name}`;
const context = secretContext;

/** Stores (or replaces) a secret encrypted; returns its masked hint, the only form shown again. */
export async function putSecret(
  db: Db,
  projectId: string,
  name: ProjectSecretName,
  plaintext: string,
): Promise<string> {
  const hint = maskSecret(plaintext);
  const ciphertext = encryptSecret(plaintext, context(projectId, name));
  await db
    .insert(projectSecrets)
    .values({ projectId, name, ciphertext, hint })
    .onConflictDoUpdate({
      target: [projectSecrets.projectId, projectSecrets.name],
      set: { ciphertext, hint, updatedAt: new Date() },
    });
  return hint;
}

export async function deleteSecret(
  db: Db,
  projectId: string,
  name: ProjectSecretName,
): Promise<void> {
  await db
    .delete(projectSecrets)
    .where(and(eq(projectSecrets.projectId, projectId), eq(projectSecrets.name, name)));
}

/** The plaintext, for server-side use only (verifying hooks, calling a backend); null when unset. */
export async function readSecret(
  db: Db,
  projectId: string,
  name: ProjectSecretName,
): Promise<string | null> {
  const [row] = await db
    .select({ ciphertext: projectSecrets.ciphertext })
    .from(projectSecrets)
    .where(and(eq(projectSecrets.projectId, projectId), eq(projectSecrets.name, name)));
  return row ? decryptSecret(row.ciphertext, context(projectId, name)) : null;
}

export async function listSecretHints(db: Db, projectId: string) {
  return db
    .select({
      name: projectSecrets.name,
      hint: projectSecrets.hint,
      updatedAt: projectSecrets.updatedAt,
    })
    .from(projectSecrets)
    .where(eq(projectSecrets.projectId, projectId));
}
