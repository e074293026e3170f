import { and, eq } from "drizzle-orm";
import { apiTokens, memberships } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { notFound } from "@/server/errors";
import type { UserIdInput } from "@/server/schemas/users";
import { assertAnotherAdmin } from "./assert-another-admin";

/** Removes a member from the project and revokes their tokens there; the account itself stays
 *  (it may belong to other projects, and authored runs keep their author). */
export async function removeUser({ ctx, input }: { ctx: Ctx; input: UserIdInput }) {
  const projectId = ctx.projectId;
  if (!projectId) throw notFound("Project");
  return withTransaction(ctx.db, async (tx) => {
    const where = and(eq(memberships.projectId, projectId), eq(memberships.userId, input.userId));
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(where)
      .for("update");
    if (!member) throw notFound("Member");
    if (member.role === "admin") await assertAnotherAdmin(tx, projectId, input.userId);
    await tx.delete(memberships).where(where);
    await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.projectId, projectId), eq(apiTokens.userId, input.userId)));
    return { userId: input.userId, removed: true as const };
  });
}
