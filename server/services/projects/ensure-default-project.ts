import { eq } from "drizzle-orm";
import { projects } from "@/drizzle/schema";
import type { Db } from "@/server/db";

export const DEFAULT_PROJECT_SLUG = "default";

/** The project every installation starts with; created on first use, safe to call concurrently. */
export async function ensureDefaultProject(
  db: Db,
): Promise<{ id: string; slug: string; name: string }> {
  await db
    .insert(projects)
    .values({ slug: DEFAULT_PROJECT_SLUG, name: "Default project" })
    .onConflictDoNothing();
  const [project] = await db.select().from(projects).where(eq(projects.slug, DEFAULT_PROJECT_SLUG));
  if (!project) throw new Error("The default project could not be created");
  return project;
}
