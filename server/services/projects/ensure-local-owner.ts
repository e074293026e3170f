import { memberships, users } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { ensureDefaultProject } from "./ensure-default-project";

export const LOCAL_OWNER = {
  id: "local-owner",
  name: "Local owner",
  email: "owner@localhost",
} as const;

const ready = new WeakMap<Db, Promise<{ user: typeof LOCAL_OWNER; projectId: string }>>();

/** Local single-user mode's owner: admin of the default project. The user has no password, so it
 *  can never sign in in multi-user mode; it exists so local work keeps an author. */
export function ensureLocalOwner(db: Db): Promise<{ user: typeof LOCAL_OWNER; projectId: string }> {
  let pending = ready.get(db);
  if (!pending) {
    pending = (async () => {
      const project = await ensureDefaultProject(db);
      await db
        .insert(users)
        .values({ ...LOCAL_OWNER, emailVerified: true })
        .onConflictDoNothing();
      await db
        .insert(memberships)
        .values({ projectId: project.id, userId: LOCAL_OWNER.id, role: "admin" })
        .onConflictDoNothing();
      return { user: LOCAL_OWNER, projectId: project.id };
    })();
    pending.catch(() => ready.delete(db));
    ready.set(db, pending);
  }
  return pending;
}
