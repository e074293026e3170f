import type { Role, TokenScope } from "@/core/enums";
import type { Db } from "@/server/db";
import { ServiceError } from "@/server/errors";

// The request context and the project scope, in a leaf module: services, jobs and auth import it
// without importing how a context is resolved (server/context.ts, which imports them).

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

/** What domain services need from the request context; job handlers build the same shape. */
export type DomainCtx = { db: Db; projectId: string | null; user?: { id: string } | null };

/** Every domain query is scoped to the caller's project. */
export function projectOf(ctx: DomainCtx): string {
  if (!ctx.projectId) throw new ServiceError("FORBIDDEN", "No project selected for this request.");
  return ctx.projectId;
}
