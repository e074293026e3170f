import { ne } from "drizzle-orm";
import { users } from "@/drizzle/schema";
import { getAuthMode } from "@/server/auth/mode";
import type { Ctx } from "@/server/ctx";
import type { AuthStatus } from "@/server/schemas/auth";
import { LOCAL_OWNER } from "@/server/services/projects";

export async function getAuthStatus({ ctx }: { ctx: Ctx }): Promise<AuthStatus> {
  const mode = getAuthMode();
  const accounts = mode === "multi" ? await ctx.db.$count(users, ne(users.id, LOCAL_OWNER.id)) : 1;
  return { mode, signedIn: ctx.user !== null, signUpOpen: accounts === 0 };
}
