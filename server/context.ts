import type { AuthMode } from "@/core/enums";
import { getAuth } from "./auth";
import { getAuthMode } from "./auth/mode";
import type { Ctx } from "./ctx";
import { type Db, requestDb } from "./db";
import { ensureLocalOwner, getMembership } from "./services/projects";
import { verifyToken } from "./services/tokens";

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
