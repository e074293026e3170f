import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { accounts, memberships, newId, users } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { conflict, forbidden } from "@/server/errors";
import type { InviteUserInput } from "@/server/schemas/users";

/** Adds a person to the project. A new person gets an account with a one-time password, returned
 *  once for the admin to pass on (there is no mail server); an existing account just joins. */
export async function inviteUser({ ctx, input }: { ctx: Ctx; input: InviteUserInput }) {
  const projectId = ctx.projectId;
  if (!projectId) throw forbidden("No current project.");
  const password = randomBytes(12).toString("base64url");
  const hash = await hashPassword(password);
  return withTransaction(ctx.db, async (tx) => {
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, input.email));
    const userId = existing?.id ?? newId();
    if (!existing) {
      await tx.insert(users).values({ id: userId, name: input.name, email: input.email });
      // The credential account better-auth's email+password sign-in checks.
      await tx.insert(accounts).values({
        id: newId(),
        userId,
        accountId: userId,
        providerId: "credential",
        password: hash,
      });
    }
    const added = await tx
      .insert(memberships)
      .values({ projectId, userId, role: input.role })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId });
    if (added.length === 0) throw conflict(`${input.email} is already a member of this project.`);
    return {
      userId,
      email: input.email,
      role: input.role,
      temporaryPassword: existing ? null : password,
    };
  });
}
