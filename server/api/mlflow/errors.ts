import { z } from "zod";
import { internalErrorMessage, ServiceError, type ServiceErrorCode } from "@/server/errors";
import { issuePath } from "../errors";

// MLflow's error shape and statuses (mlflow/exceptions.py): {"error_code", "message"}. Statuses
// matter to the client: it retries 429 and 5xx for minutes, so nothing a retry cannot fix may be one.

const STATUS = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_CONFLICT: 409,
  INTERNAL_ERROR: 500,
} as const;
export type MlflowErrorCode = keyof typeof STATUS;

const FROM_SERVICE: Record<ServiceErrorCode, MlflowErrorCode> = {
  BAD_REQUEST: "INVALID_PARAMETER_VALUE",
  UNAUTHORIZED: "UNAUTHENTICATED",
  FORBIDDEN: "PERMISSION_DENIED",
  NOT_FOUND: "RESOURCE_DOES_NOT_EXIST",
  CONFLICT: "RESOURCE_CONFLICT",
};

export function mlflowError(code: MlflowErrorCode, message: string): Response {
  return Response.json({ error_code: code, message }, { status: STATUS[code] });
}

/** A service's own MLflow code, when it names one (`details.mlflowCode`). */
function ownCode(details: unknown): MlflowErrorCode | undefined {
  const code = (details as { mlflowCode?: string } | undefined)?.mlflowCode;
  return code && code in STATUS ? (code as MlflowErrorCode) : undefined;
}

/** The one place a thrown error becomes an MLflow answer. Unknown errors are logged, not leaked. */
export function toMlflowErrorResponse(e: unknown): Response {
  if (e instanceof ServiceError)
    return mlflowError(ownCode(e.details) ?? FROM_SERVICE[e.code], e.message);
  if (e instanceof z.ZodError)
    return mlflowError(
      "INVALID_PARAMETER_VALUE",
      `Invalid request: ${e.issues.map((i) => `${issuePath(i.path)}: ${i.message}`).join("; ")}`,
    );
  return mlflowError("INTERNAL_ERROR", internalErrorMessage(e, "mlflow"));
}
