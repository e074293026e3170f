import type { Role, TokenScope } from "@/core/enums";
import { EDITOR_ROLES } from "@/core/roles";
import { resolveContext } from "@/server/context";
import type { Ctx, CtxUser } from "@/server/ctx";
import { requestDb } from "@/server/db";
import { StorableInput } from "@/server/schemas/storable";
import { errorResponse, toErrorResponse } from "./errors";

/** A caller that passed withApi's checks: signed in, a member of a project, allowed. */
export type ApiCtx = Ctx & { user: CtxUser; projectId: string; role: Role };

export type ApiOptions = {
  /** What an API token needs: "read" for reads, "write" for changes. Sessions are not scoped. */
  scope: Extract<TokenScope, "read" | "write">;
  /** Roles allowed; default EDITOR_ROLES, for reads too (reviewers see no run data). */
  roles?: readonly Role[];
};

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (args: { ctx: ApiCtx; req: Request; params: P }) => Promise<Response | unknown>;

/**
 * Wraps a /api/v1 route handler: resolves the caller (Bearer tb_… token, else the session or the
 * local owner), enforces the token's scope and the caller's role, runs the handler, and maps
 * ServiceError and zod errors to JSON errors with the right status. A handler that returns a
 * value gets it as JSON (200); one that returns a Response (streams, 201s) gets it unchanged.
 */
export function withApi<P = Record<string, string>>(handler: Handler<P>, options: ApiOptions) {
  // Reviewers work their review queue only: run data would unblind pairwise review.
  const roles = options.roles ?? EDITOR_ROLES;
  return async (req: Request, context?: RouteContext<P>): Promise<Response> => {
    try {
      const ctx = await resolveContext(await requestDb(), req.headers);
      const denied = authorise(ctx, options.scope, roles);
      if (denied) return denied;
      // Path segments and query parameters reach queries as they are: a NUL in one is a 400,
      // not a failed query.
      const params = StorableInput.parse((await context?.params) ?? {}) as P;
      StorableInput.parse(Object.fromEntries(new URL(req.url).searchParams));
      const out = await handler({ ctx: ctx as ApiCtx, req, params });
      return out instanceof Response ? out : Response.json(out ?? null);
    } catch (e) {
      return toErrorResponse(e);
    }
  };
}

/** Why a caller may not do this, or null when they may: the same rules for every REST surface
 *  (/api/v1 here, /api/mlflow in its own error shape). */
export function accessProblem(
  ctx: Ctx,
  scope: ApiOptions["scope"],
  roles: readonly Role[],
): { code: "UNAUTHORIZED" | "FORBIDDEN"; message: string } | null {
  // A bad or revoked token resolves to an anonymous caller, so it lands here as 401 too.
  if (!ctx.user)
    return {
      code: "UNAUTHORIZED",
      message: "Authenticate with an API token (Authorization: Bearer tb_…) or sign in.",
    };
  if (!ctx.projectId || !ctx.role)
    return { code: "FORBIDDEN", message: "You are not a member of this project." };
  if (ctx.via === "token" && !ctx.scopes?.includes(scope))
    return { code: "FORBIDDEN", message: `This API token lacks the "${scope}" scope.` };
  if (!roles.includes(ctx.role))
    return {
      code: "FORBIDDEN",
      message: `This needs the ${roles.join(" or ")} role; you are ${ctx.role}.`,
    };
  return null;
}

function authorise(ctx: Ctx, scope: ApiOptions["scope"], roles: readonly Role[]): Response | null {
  const problem = accessProblem(ctx, scope, roles);
  return problem && errorResponse(problem.code, problem.message);
}
