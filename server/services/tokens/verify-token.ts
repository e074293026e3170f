import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { TokenScope } from "@/core/enums";
import { apiTokens, memberships, users } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { hashTokenSecret, TOKEN_PREFIX } from "./token-secret";

export type VerifiedToken = {
  user: { id: string; name: string; email: string };
  projectId: string;
  role: (typeof memberships.$inferSelect)["role"] | null;
  scopes: TokenScope[];
};

const TOUCH_EVERY_MS = 60_000;

/** The token's identity, or null when it is unknown, revoked or expired, or while its owner is a
 *  reviewer. The role is the user's current role, so demoting a person demotes their tokens too;
 *  a reviewer's tokens do nothing, since reviewers work blind, in the browser only. */
export async function verifyToken(db: Db, secret: string): Promise<VerifiedToken | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({
      id: apiTokens.id,
      projectId: apiTokens.projectId,
      scopes: apiTokens.scopes,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
      user: { id: users.id, name: users.name, email: users.email },
      role: memberships.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(
      memberships,
      and(eq(memberships.userId, apiTokens.userId), eq(memberships.projectId, apiTokens.projectId)),
    )
    .where(eq(apiTokens.hash, hashTokenSecret(secret)));
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
  if (row.role === "reviewer") return null;
  const now = new Date();
  // Throttled so a busy script does not write on every request.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiTokens.id, row.id),
        or(
          isNull(apiTokens.lastUsedAt),
          lt(apiTokens.lastUsedAt, new Date(now.getTime() - TOUCH_EVERY_MS)),
        ),
      ),
    );
  return { user: row.user, projectId: row.projectId, role: row.role, scopes: row.scopes };
}
