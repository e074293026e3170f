import { getAuthMode } from "@/server/auth/mode";
import { awaitingFirstAccount } from "@/server/auth/setup-token";
import type { Ctx } from "@/server/ctx";
import type { AuthStatus } from "@/server/schemas/auth";

export async function getAuthStatus({ ctx }: { ctx: Ctx }): Promise<AuthStatus> {
  const mode = getAuthMode();
  const signUpOpen = mode === "multi" && (await awaitingFirstAccount(ctx.db));
  return { mode, signedIn: ctx.user !== null, signUpOpen };
}
