import { and, eq, isNull } from "drizzle-orm";
import { apiTokens } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { notFound } from "@/server/errors";
import type { TokenIdInput } from "@/server/schemas/tokens";

/** Revokes a token of the project: one's own, or anyone's for an admin. Idempotent. */
export async function revokeToken({ ctx, input }: { ctx: Ctx; input: TokenIdInput }) {
  if (!ctx.user || !ctx.projectId) throw notFound("Token");
  const [token] = await ctx.db
    .select({ userId: apiTokens.userId })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.projectId, ctx.projectId)));
  // Someone else's token is reported as missing, not forbidden, so ids cannot be probed.
  if (!token || (token.userId !== ctx.user.id && ctx.role !== "admin")) throw notFound("Token");
  await ctx.db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, input.tokenId), isNull(apiTokens.revokedAt)));
  return { id: input.tokenId, revoked: true as const };
}
