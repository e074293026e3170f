export {
  type ApiErrorBody,
  errorResponse,
  HTTP_STATUS,
  issuePath,
  toErrorResponse,
} from "./errors";
export { parseJsonBody, parseQuery } from "./parse";
export { type ApiCtx, type ApiOptions, withApi } from "./with-api";
