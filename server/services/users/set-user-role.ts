import { and, eq } from "drizzle-orm";
import { memberships } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { notFound } from "@/server/errors";
import type { SetUserRoleInput } from "@/server/schemas/users";
import { assertAnotherAdmin } from "./assert-another-admin";

/** Changes a member's role; refuses to leave the project without an admin. */
export async function setUserRole({ ctx, input }: { ctx: Ctx; input: SetUserRoleInput }) {
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
    if (member.role === "admin" && input.role !== "admin")
      await assertAnotherAdmin(tx, projectId, input.userId);
    await tx.update(memberships).set({ role: input.role }).where(where);
    return { userId: input.userId, role: input.role };
  });
}
