import type { Role } from "@/core/enums";
import { memberships, newId, users } from "@/drizzle/schema";
import { anonymousCtx } from "@/server/context";
import type { Ctx } from "@/server/ctx";
import type { Db } from "@/server/db";
import { ensureDefaultProject } from "@/server/services/projects";

/** A signed-in caller with `role` in `projectId` (default: the default project), as a session
 *  would yield. `role: null` makes a signed-in person who belongs to no project. */
export async function createTestCtx(
  db: Db,
  opts: { role: Role | null; projectId?: string; name?: string },
): Promise<Ctx> {
  const projectId = opts.projectId ?? (await ensureDefaultProject(db)).id;
  const id = newId();
  const user = {
    id,
    name: opts.name ?? `${opts.role ?? "outsider"} ${id.slice(0, 4)}`,
    email: `${id}@example.test`,
  };
  await db.insert(users).values(user);
  if (opts.role) await db.insert(memberships).values({ projectId, userId: id, role: opts.role });
  return { db, user, projectId: opts.role ? projectId : null, role: opts.role, via: "session" };
}

export { anonymousCtx };
