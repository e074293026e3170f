import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { and, eq, ne, sql } from "drizzle-orm";
import { accounts, memberships, sessions, users, verifications } from "@/drizzle/schema";
import { type Db, requestDb, withTransaction } from "@/server/db";
import { getEnv } from "@/server/env";
import { internalErrorMessage } from "@/server/errors";
import { unstorableIssues } from "@/server/schemas/storable";
import { ensureDefaultProject, LOCAL_OWNER } from "@/server/services/projects";
import { clientAddressHeader } from "./client-address";
import {
  authSigningSecret,
  awaitingFirstAccount,
  SETUP_TOKEN_HEADER,
  setupTokenMatches,
} from "./setup-token";

/** Advisory-lock key that serialises first sign-ups ("tb1s"). */
const FIRST_SIGN_UP_LOCK = 0x74623173;

function createAuth(db: Db) {
  const env = getEnv();
  const secret = authSigningSecret();
  return betterAuth({
    appName: "Tunebench",
    secret,
    baseURL: env.BETTER_AUTH_URL,
    basePath: "/api/auth",
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: 8 },
    // Password guessing is limited per client address (3 sign-ins per 10 s), in every environment
    // (better-auth's default is production only). The address is the socket's, stamped by the
    // HTTP server (client-address.ts), never X-Forwarded-For as a client sent it.
    rateLimit: { enabled: true },
    advanced: { ipAddress: { ipAddressHeaders: [clientAddressHeader()] } },
    databaseHooks: {
      user: {
        create: {
          // Open sign-up would let anyone who can reach the server in. Only the very first
          // account signs itself up (and becomes admin), with the setup token from the server's
          // log (setup-token.ts); admins add everyone after that.
          async before(_user, context) {
            if (!(await awaitingFirstAccount(db)))
              throw new APIError("FORBIDDEN", {
                message: "Sign-up is closed: ask an admin to add you.",
              });
            if (!setupTokenMatches(context?.headers?.get(SETUP_TOKEN_HEADER), secret)) {
              console.warn("First sign-up refused: missing or wrong setup token.");
              throw new APIError("FORBIDDEN", {
                message:
                  "Creating the first account needs this server's setup token: it is printed in the server's log when it starts.",
              });
            }
          },
          // Sign-ups racing past `before` are settled here, one at a time under a lock: the first
          // becomes admin, the others are removed again and refused.
          async after(user) {
            const project = await ensureDefaultProject(db);
            const won = await withTransaction(db, async (tx) => {
              await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_SIGN_UP_LOCK})`);
              const admins = await tx.$count(
                memberships,
                and(
                  eq(memberships.projectId, project.id),
                  eq(memberships.role, "admin"),
                  ne(memberships.userId, LOCAL_OWNER.id),
                ),
              );
              if (admins > 0) {
                await tx.delete(users).where(eq(users.id, user.id));
                return false;
              }
              await tx
                .insert(memberships)
                .values({ projectId: project.id, userId: user.id, role: "admin" })
                .onConflictDoNothing();
              return true;
            });
            if (!won)
              throw new APIError("FORBIDDEN", {
                message: "Sign-up is closed: ask an admin to add you.",
              });
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
const instances = new WeakMap<Db, Auth>();

/** The better-auth instance bound to `db` (one per database, so tests get their own). */
export function getAuth(db: Db): Auth {
  let instance = instances.get(db);
  if (!instance) {
    instance = createAuth(db);
    instances.set(db, instance);
  }
  return instance;
}

/** For the Next route handler (`toNextJsHandler(auth)`): the database opens lazily on the first
 *  request, not at import time. */
export const auth = {
  handler: async (request: Request): Promise<Response> => {
    try {
      const refused = await unstorableBody(request);
      if (refused) return Response.json({ message: refused }, { status: 400 });
      return await getAuth(await requestDb()).handler(request);
    } catch (e) {
      return Response.json({ message: internalErrorMessage(e, "auth") }, { status: 500 });
    }
  },
};

/** Why better-auth should not see this request's JSON body, or null: it must be UTF-8 and its
 *  strings storable, or a sign-in with a NUL in the email would fail its query (a 500). */
async function unstorableBody(request: Request): Promise<string | null> {
  if (request.method !== "POST") return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await request.clone().arrayBuffer());
  } catch {
    return "the request body is not valid UTF-8";
  }
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : null;
  } catch {
    return null; // not JSON: better-auth answers that itself
  }
  const [issue] = unstorableIssues(value, 1);
  return issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : null;
}
