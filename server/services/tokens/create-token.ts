import { apiTokens } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { forbidden } from "@/server/errors";
import type { CreateTokenInput } from "@/server/schemas/tokens";
import { newTokenSecret } from "./token-secret";

/** Creates a token acting as the caller in the current project. The secret is returned once and
 *  never again: only its hash is kept. */
export async function createToken({ ctx, input }: { ctx: Ctx; input: CreateTokenInput }) {
  if (!ctx.user || !ctx.projectId) throw forbidden("Sign in to create API tokens.");
  // A leaked token must not be able to mint more tokens.
  if (ctx.via === "token") throw forbidden("API tokens cannot create other API tokens.");
  const { secret, prefix, hash } = newTokenSecret();
  const expiresAt = input.expiresInDays
    ? new Date(Date.now() + input.expiresInDays * 86_400_000)
    : null;
  const [row] = await ctx.db
    .insert(apiTokens)
    .values({
      projectId: ctx.projectId,
      userId: ctx.user.id,
      name: input.name,
      prefix,
      hash,
      scopes: [...new Set(input.scopes)],
      expiresAt,
    })
    .returning({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
    });
  return { ...row!, secret };
}
