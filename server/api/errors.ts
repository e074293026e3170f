import { z } from "zod";
import { internalErrorMessage, ServiceError, type ServiceErrorCode } from "@/server/errors";

export const HTTP_STATUS: Record<ServiceErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** The body of every /api/v1 error: a stable code, a message for people, and where it applies. */
export type ApiErrorBody = {
  error: {
    code: ServiceErrorCode | "INTERNAL";
    message: string;
    /** Validation problems, one per field, with the field's path ("grid.learningRate.0"). */
    issues?: { path: string; message: string }[];
    details?: unknown;
  };
};

export function errorResponse(
  code: ServiceErrorCode,
  message: string,
  extra: Omit<ApiErrorBody["error"], "code" | "message"> = {},
): Response {
  return Response.json({ error: { code, message, ...extra } } satisfies ApiErrorBody, {
    status: HTTP_STATUS[code],
  });
}

/** "a.b.0.c", or "(body)" for a problem with the whole value. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join(".") : "(body)";
}

/** The one place a thrown error becomes an HTTP answer. Unknown errors are logged, not leaked. */
export function toErrorResponse(e: unknown): Response {
  if (e instanceof ServiceError)
    return errorResponse(e.code, e.message, e.details === undefined ? {} : { details: e.details });
  if (e instanceof z.ZodError) {
    const issues = e.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    return errorResponse("BAD_REQUEST", `Invalid request: ${summary}`, { issues });
  }
  const message = internalErrorMessage(e, "api");
  return Response.json({ error: { code: "INTERNAL", message } } satisfies ApiErrorBody, {
    status: 500,
  });
}
