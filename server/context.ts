import type { Role, TokenScope } from "@/drizzle/schema";
import { getAuth } from "./auth";
import { type AuthMode, getAuthMode } from "./auth/mode";
import { type Db, requestDb } from "./db";
import { ensureLocalOwner, getMembership } from "./services/projects";
import { verifyToken } from "./services/tokens";

export type CtxUser = { id: string; name: string; email: string };
export type Ctx = {
  db: Db;
  user: CtxUser | null;
  projectId: string | null;
  role: Role | null;
  via: "local" | "session" | "token" | null;
  /** Only for via "token": what the token may do. */
  scopes?: TokenScope[];
};

/** Which project a request acts in, when a person belongs to several. */
export const PROJECT_HEADER = "x-tunebench-project";

export async function createContextFromRequest(req: Request): Promise<Ctx> {
  return resolveContext(await requestDb(), req.headers);
}

/** Who is calling: a Bearer API token (either mode), else the local owner (local mode) or the
 *  better-auth session (multi-user mode). A bad token is anonymous, never a fallback to the owner. */
export async function resolveContext(
  db: Db,
  headers: Headers,
  mode: AuthMode = getAuthMode(),
): Promise<Ctx> {
  const bearer = headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer !== undefined || headers.has("authorization")) {
    const token = bearer ? await verifyToken(db, bearer) : null;
    if (!token) return anonymousCtx(db);
    return {
      db,
      user: token.user,
      projectId: token.projectId,
      role: token.role,
      via: "token",
      scopes: token.scopes,
    };
  }
  if (mode === "local") {
    const { user, projectId } = await ensureLocalOwner(db);
    return { db, user: { ...user }, projectId, role: "admin", via: "local" };
  }
  const session = await getAuth(db).api.getSession({ headers });
  if (!session) return anonymousCtx(db);
  const { id, name, email } = session.user;
  const membership = await getMembership(db, id, headers.get(PROJECT_HEADER));
  return {
    db,
    user: { id, name, email },
    projectId: membership?.projectId ?? null,
    role: membership?.role ?? null,
    via: "session",
  };
}

export function anonymousCtx(db: Db): Ctx {
  return { db, user: null, projectId: null, role: null, via: null };
}
