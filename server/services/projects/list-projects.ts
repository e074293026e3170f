import { asc, eq } from "drizzle-orm";
import { memberships, projects } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";

/** The projects the caller belongs to, with their role in each (for a project switcher). */
export async function listProjects({ ctx }: { ctx: Ctx }) {
  if (!ctx.user) return [];
  return ctx.db
    .select({ id: projects.id, slug: projects.slug, name: projects.name, role: memberships.role })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(eq(memberships.userId, ctx.user.id))
    .orderBy(asc(projects.name));
}
