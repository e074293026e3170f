export { withApi, setApiDb, type ApiCtx, type ApiOptions } from "./with-api";
export {
  toErrorResponse,
  errorResponse,
  issuePath,
  HTTP_STATUS,
  type ApiErrorBody,
} from "./errors";
export { parseJsonBody, parseQuery } from "./parse";
