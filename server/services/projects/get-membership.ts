import { and, asc, eq, or } from "drizzle-orm";
import type { Role } from "@/core/enums";
import { memberships, projects } from "@/drizzle/schema";
import type { Db } from "@/server/db";

/** The user's membership in `project` (an id or a slug), or in their oldest project when none is
 *  named. Null when they belong to no (such) project. */
export async function getMembership(
  db: Db,
  userId: string,
  project?: string | null,
): Promise<{ projectId: string; role: Role } | null> {
  const [row] = await db
    .select({ projectId: memberships.projectId, role: memberships.role })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(
      and(
        eq(memberships.userId, userId),
        project ? or(eq(projects.id, project), eq(projects.slug, project)) : undefined,
      ),
    )
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return row ?? null;
}
