import { asc, eq } from "drizzle-orm";
import { memberships, users } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";

/** The members of the current project with their roles. */
export async function listUsers({ ctx }: { ctx: Ctx }) {
  if (!ctx.projectId) return [];
  return ctx.db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.projectId, ctx.projectId))
    .orderBy(asc(memberships.createdAt));
}
