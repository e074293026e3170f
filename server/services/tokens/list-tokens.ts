import { and, desc, eq } from "drizzle-orm";
import { apiTokens, users } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";

/** The project's tokens without their hashes: all of them for an admin, one's own otherwise. */
export async function listTokens({ ctx }: { ctx: Ctx }) {
  if (!ctx.user || !ctx.projectId) return [];
  return ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      owner: users.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.projectId, ctx.projectId),
        ctx.role === "admin" ? undefined : eq(apiTokens.userId, ctx.user.id),
      ),
    )
    .orderBy(desc(apiTokens.createdAt));
}
