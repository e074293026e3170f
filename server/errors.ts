import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";

export const SERVICE_ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
] as const;
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

/** A domain error a service throws. tRPC maps it in one place (server/trpc.ts); `details` reach
 *  the client as `error.data.details` (e.g. a dataset's line-level errors). */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ServiceError("NOT_FOUND", `${what} not found`);
export const forbidden = (message: string) => new ServiceError("FORBIDDEN", message);
export const conflict = (message: string, details?: unknown) =>
  new ServiceError("CONFLICT", message, details);
export const badRequest = (message: string, details?: unknown) =>
  new ServiceError("BAD_REQUEST", message, details);

export function toTRPCError(error: ServiceError): TRPCError {
  return new TRPCError({ code: error.code, message: error.message, cause: error });
}

/**
 * For an error nobody expected (a failed query, a bug): logs it in full under a fresh reference and
 * returns the only thing the client sees, "Internal error (ref …)". A failed query's message holds
 * its SQL and parameters, which are the server's business; the reference lets an operator find it.
 */
export function internalErrorMessage(error: unknown, where: string): string {
  const ref = randomBytes(6).toString("hex");
  console.error(`[${where}] internal error ref ${ref}:`, error);
  return `Internal error (ref ${ref})`;
}
