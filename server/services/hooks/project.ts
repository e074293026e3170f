import { and, eq, or } from "drizzle-orm";
import type { ProjectSecretName } from "@/core/enums";
import { projectSecrets, projectSettings, projects } from "@/drizzle/schema";
import { decryptSecret } from "@/server/crypto";
import type { Db } from "@/server/db";
import { unstorableReason } from "@/server/schemas/storable";
import { secretContext } from "@/server/services/settings/secrets";
import { HookError } from "./respond";

/** The project named in the hook's path (its id or its slug), and the secret that hook checks,
 *  in one query. A project without that secret (or with hooks switched off) has no such hook: 404,
 *  as for an unknown project. */
export async function hookProject(
  db: Db,
  param: string,
  secretName: ProjectSecretName,
): Promise<{ projectId: string; secret: string }> {
  if (!param || param.length > 200 || unstorableReason(param)) throw new HookError(404);
  const [row] = await db
    .select({
      projectId: projects.id,
      ciphertext: projectSecrets.ciphertext,
      hooksEnabled: projectSettings.hooksEnabled,
    })
    .from(projects)
    .innerJoin(
      projectSecrets,
      and(eq(projectSecrets.projectId, projects.id), eq(projectSecrets.name, secretName)),
    )
    .leftJoin(projectSettings, eq(projectSettings.projectId, projects.id))
    .where(or(eq(projects.id, param), eq(projects.slug, param)))
    .limit(1);
  // An admin can switch all of a project's incoming hooks off without deleting their secrets.
  if (!row || row.hooksEnabled === false) throw new HookError(404);
  return {
    projectId: row.projectId,
    secret: decryptSecret(row.ciphertext, secretContext(row.projectId, secretName)),
  };
}
