import { eq } from "drizzle-orm";
import type { Role, TokenScope } from "@/core/enums";
import { apiTokens, memberships } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { setRequestDb } from "@/server/db";
import { ensureDefaultProject } from "@/server/services/projects";
import { createToken } from "@/server/services/tokens";
import { hashTokenSecret } from "@/server/services/tokens/token-secret";
import { createTestCtx } from "@/tests/helpers/ctx";
import { dispatch } from "./route-table";

/** A real API token (created by the tokens service) for a new user with `role`. */
export async function apiToken(
  db: Db,
  role: Role,
  scopes: TokenScope[],
  projectId?: string,
): Promise<string> {
  const ctx = await createTestCtx(db, {
    role,
    projectId: projectId ?? (await ensureDefaultProject(db)).id,
  });
  return (await createToken({ ctx, input: { name: `${role} ${scopes.join("+")}`, scopes } }))
    .secret;
}

/** A token whose owner is now a reviewer: reviewers cannot create tokens, so a member makes it
 *  and is then made a reviewer. */
export async function reviewerToken(db: Db, scopes: TokenScope[]): Promise<string> {
  const secret = await apiToken(db, "member", scopes);
  const [token] = await db
    .select({ userId: apiTokens.userId })
    .from(apiTokens)
    .where(eq(apiTokens.hash, hashTokenSecret(secret)));
  await db
    .update(memberships)
    .set({ role: "reviewer" })
    .where(eq(memberships.userId, token!.userId));
  return secret;
}

/** Multi-user mode (so no header means no caller) and the route handlers on this test's database. */
export function useApi(db: Db): () => void {
  const saved = { auth: process.env.TUNEBENCH_AUTH, secret: process.env.BETTER_AUTH_SECRET };
  process.env.TUNEBENCH_AUTH = "multi";
  process.env.BETTER_AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
  setRequestDb(db);
  return () => {
    setRequestDb(null);
    if (saved.auth === undefined) delete process.env.TUNEBENCH_AUTH;
    else process.env.TUNEBENCH_AUTH = saved.auth;
    if (saved.secret === undefined) delete process.env.BETTER_AUTH_SECRET;
  };
}

/** An answer as a test reads it: `T` is the body the test expects (parsed JSON; a text body such as
 *  CSV stays a string). Nothing checks `T` here: tests check real bodies against the OpenAPI
 *  document with responseValidator. */
export type Call<T = unknown> = { status: number; body: T };

/** Calls /api/v1`path` in-process. */
export async function api<T = unknown>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<Call<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.rawBody !== undefined)
    headers["content-type"] = "application/json";
  const res = await dispatch(
    new Request(`http://localhost/api/v1${path}`, {
      method,
      headers,
      body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    }),
  );
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* CSV and other text */
  }
  return { status: res.status, body: body as T };
}
