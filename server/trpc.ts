import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Role } from "@/core/enums";
import { EDITOR_ROLES } from "@/core/roles";
import type { Ctx } from "@/server/ctx";
import { internalErrorMessage, ServiceError, toTRPCError } from "./errors";
import { StorableInput } from "./schemas/storable";

const t = initTRPC.context<Ctx>().create({
  transformer: superjson,
  errorFormatter({ shape, error, path }) {
    const cause = error.cause;
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const { stack: _stack, ...data } = shape.data;
      const message = internalErrorMessage(cause ?? error, `tRPC ${path ?? "?"}`);
      return { ...shape, message, data: { ...data, details: null, zodError: null } };
    }
    return {
      ...shape,
      data: {
        ...shape.data,
        // ServiceError details are meant for the client (dataset line errors, conflicts).
        details: cause instanceof ServiceError ? (cause.details ?? null) : null,
        zodError: cause instanceof z.ZodError ? z.flattenError(cause) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** zod 4's ZodError is not an Error, so tRPC hands a thrown one on as an UnknownCauseError that keeps
 *  only its name and message (the issues as JSON). */
const isZodError = (cause: unknown): cause is { message: string } =>
  cause instanceof z.ZodError || (cause instanceof Error && cause.name === "ZodError");

/** The one place a service's ServiceError becomes a TRPCError with the right HTTP status; a zod
 *  error a service raised is a bad request too (its issues reach the client as the message). */
const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ServiceError)
    throw toTRPCError(result.error.cause);
  const cause = result.ok ? undefined : result.error.cause;
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && isZodError(cause))
    // The message is the issues as JSON, as for the input's own schema, so forms put each on its field.
    throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause: result.error.cause });
  return result;
});

/** Before any procedure's own schema: every string in the input must be storable text
 *  (server/schemas/storable.ts), or the call is a 400 naming the field. */
const refuseUnstorableInput = t.middleware(async ({ getRawInput, next }) => {
  const checked = StorableInput.safeParse(await getRawInput());
  if (!checked.success) {
    const first = checked.error.issues[0]!;
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `${first.path.join(".") || "input"}: ${first.message}`,
      cause: checked.error,
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(mapServiceErrors).use(refuseUnstorableInput);

/** Tokens carry scopes: queries need "read", mutations need "write". Sessions and the local
 *  owner are not scoped; their role alone decides. */
function requireRole(allowed: readonly Role[] | "any") {
  return t.middleware(({ ctx, type, next }) => {
    if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
    if (!ctx.projectId || !ctx.role)
      throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this project." });
    if (allowed !== "any" && !allowed.includes(ctx.role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${allowed.join(" or ")} role; you are ${ctx.role}.`,
      });
    }
    if (ctx.via === "token") {
      const needed = type === "query" ? "read" : "write";
      if (!ctx.scopes?.includes(needed)) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `This API token lacks the "${needed}" scope.`,
        });
      }
    }
    return next({ ctx: { ...ctx, user: ctx.user, projectId: ctx.projectId, role: ctx.role } });
  });
}

/** Any signed-in member of the current project, reviewers included. */
export const protectedProcedure = publicProcedure.use(requireRole("any"));
/** Admins and members: everything that creates or changes experiments, datasets and runs. */
export const memberProcedure = publicProcedure.use(requireRole(EDITOR_ROLES));
/** Admins only: users, roles and API tokens of the project. */
export const adminProcedure = publicProcedure.use(requireRole(["admin"]));
