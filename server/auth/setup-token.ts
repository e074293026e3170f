import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { ne } from "drizzle-orm";
import { users } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { getEnv } from "@/server/env";
import { SETUP_TOKEN_HEADER } from "@/server/schemas/auth";
import { LOCAL_OWNER } from "@/server/services/projects";
import { authSecret } from "./secret";

export { SETUP_TOKEN_HEADER };

// A fresh multi-user server makes its first account admin. Without a check, whoever reaches the
// server first (a stranger on the network included) would claim it. The first sign-up therefore
// needs this server's setup token, which only someone who reads the server's log has. An email
// allow-list (TUNEBENCH_ADMIN_EMAIL) would not do: nothing verifies that a person owns an email.

/** The session signing secret: BETTER_AUTH_SECRET, or the one generated next to the data folder. */
export function authSigningSecret(): string {
  const env = getEnv();
  return env.BETTER_AUTH_SECRET ?? authSecret(env.TUNEBENCH_DATA_DIR);
}

/** The setup token, derived from the signing secret: every process of one server agrees on it,
 *  no table holds it, and it opens nothing once the first account exists. */
export function setupToken(secret = authSigningSecret()): string {
  const mac = createHmac("sha256", secret)
    .update("tunebench:first-admin-setup")
    .digest("base64url");
  return `setup-${mac.slice(0, 24)}`;
}

export function setupTokenMatches(given: string | null | undefined, secret: string): boolean {
  if (!given) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given.trim()), digest(setupToken(secret)));
}

/** Whether sign-up is still open: nobody but the local owner has an account. */
export async function awaitingFirstAccount(db: Db): Promise<boolean> {
  return (await db.$count(users, ne(users.id, LOCAL_OWNER.id))) === 0;
}

/** At start-up of a multi-user server with no account yet: prints the token to the log. */
export async function announceSetupToken(db: Db, log = console.log): Promise<void> {
  if (getEnv().TUNEBENCH_AUTH !== "multi" || !(await awaitingFirstAccount(db))) return;
  log(
    `\nTunebench has no account yet. Create the first admin on the sign-in page with this setup token:\n\n    ${setupToken()}\n\nIt works until the first account exists; nobody else can sign up.\n`,
  );
}
