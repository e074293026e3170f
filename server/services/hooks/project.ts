import { eq, or } from "drizzle-orm";
import { projects, type ProjectSecretName } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { readSecret } from "@/server/services/settings/secrets";
import { HookError } from "./respond";

/** The project named in the hook's path (its id or its slug), and the secret that hook checks.
 *  A project without that secret has no such hook: 404, as for an unknown project. */
export async function hookProject(db: Db, param: string, secretName: ProjectSecretName): Promise<{ projectId: string; secret: string }> {
  if (!param || param.length > 200) throw new HookError(404);
  const [project] = await db.select({ id: projects.id }).from(projects).where(or(eq(projects.id, param), eq(projects.slug, param))).limit(1);
  if (!project) throw new HookError(404);
  const secret = await readSecret(db, project.id, secretName);
  if (!secret) throw new HookError(404);
  return { projectId: project.id, secret };
}
