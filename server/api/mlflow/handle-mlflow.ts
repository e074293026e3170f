import type { z } from "zod";
import { EDITOR_ROLES } from "@/core/roles";
import { resolveContext } from "@/server/context";
import type { DomainCtx } from "@/server/ctx";
import { requestDb } from "@/server/db";
import { badRequest } from "@/server/errors";
import * as S from "@/server/schemas/mlflow";
import { StorableInput, unstorableReason } from "@/server/schemas/storable";
import * as mlflow from "@/server/services/mlflow";
import { parseQuery } from "../parse";
import { accessProblem } from "../with-api";
import { mlflowError, toMlflowErrorResponse } from "./errors";

// The MLflow tracking REST subset (docs/mlflow.md), served under both of MLflow's prefixes:
// /api/mlflow/api/2.0/mlflow/<path> (clients) and /api/mlflow/ajax-api/2.0/mlflow/<path> (UI).

/** MLflow's limit on a log-batch request (MAX_BATCH_LOG_REQUEST_SIZE). */
const MAX_BODY_BYTES = 1_000_000;

type Endpoint = {
  method: "GET" | "POST";
  scope: "read" | "write";
  schema: z.ZodType;
  // biome-ignore lint/suspicious/noExplicitAny: each verb takes its own schema's output.
  verb: (args: { ctx: DomainCtx; input: any }) => Promise<unknown>;
};
const read = (schema: z.ZodType, verb: Endpoint["verb"]): Endpoint => ({
  method: "GET",
  scope: "read",
  schema,
  verb,
});
const write = (schema: z.ZodType, verb: Endpoint["verb"]): Endpoint => ({
  method: "POST",
  scope: "write",
  schema,
  verb,
});

const ENDPOINTS: Record<string, Endpoint> = {
  "experiments/get-by-name": read(S.GetExperimentByName, mlflow.getMlflowExperimentByName),
  "experiments/get": read(S.GetExperiment, mlflow.getMlflowExperiment),
  "experiments/create": write(S.CreateExperiment, mlflow.createMlflowExperiment),
  "runs/create": write(S.CreateRun, mlflow.createMlflowRun),
  "runs/get": read(S.GetRun, mlflow.getMlflowRun),
  "runs/update": write(S.UpdateRun, mlflow.updateMlflowRun),
  "runs/delete": write(S.DeleteRun, mlflow.deleteMlflowRun),
  // A POST that only reads: a read-scoped token may search.
  "runs/search": { ...write(S.SearchRuns, mlflow.searchMlflowRuns), scope: "read" },
  "runs/log-batch": write(S.LogBatch, mlflow.logMlflowBatch),
  "runs/log-metric": write(S.LogMetric, ({ ctx, input: { run_id, ...metric } }) =>
    mlflow.logMlflowBatch({ ctx, input: { run_id, metrics: [metric], params: [], tags: [] } }),
  ),
  "runs/log-parameter": write(S.LogParam, ({ ctx, input: { run_id, ...param } }) =>
    mlflow.logMlflowBatch({ ctx, input: { run_id, metrics: [], params: [param], tags: [] } }),
  ),
  "runs/set-tag": write(S.SetTag, ({ ctx, input: { run_id, ...tag } }) =>
    mlflow.logMlflowBatch({ ctx, input: { run_id, metrics: [], params: [], tags: [tag] } }),
  ),
  "metrics/get-history": read(S.GetMetricHistory, mlflow.getMlflowMetricHistory),
  "metrics/get-history-bulk-interval": read(
    S.GetMetricHistoryBulkInterval,
    mlflow.getMlflowMetricHistoryBulkInterval,
  ),
};

/** The endpoint's path after the prefix, or null when the path is not under a known prefix. */
function endpointPath(segments: string[]): string | null {
  const [prefix, version, service, ...rest] = segments;
  if ((prefix !== "api" && prefix !== "ajax-api") || version !== "2.0" || service !== "mlflow")
    return null;
  return rest.join("/");
}

async function readBody(req: Request): Promise<unknown> {
  const bytes = await req.arrayBuffer();
  if (bytes.byteLength > MAX_BODY_BYTES)
    throw badRequest(`The request body is over MLflow's limit of ${MAX_BODY_BYTES} bytes.`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badRequest("The request body is not valid UTF-8.");
  }
  try {
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch (e) {
    throw badRequest(`The request body is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Metric values as an MLflow server answers them: NaN as protobuf JSON's "NaN", and ±infinity as
 * ±the largest double, which is what MLflow's SQL store keeps for them (sanitize_metric_value).
 */
function asMlflowJson(_key: string, value: unknown): unknown {
  if (typeof value !== "number" || Number.isFinite(value)) return value;
  return Number.isNaN(value) ? "NaN" : Math.sign(value) * Number.MAX_VALUE;
}

/** `segments`: the catch-all route's path parameter, as Next gives it (a list of strings). */
export async function handleMlflow(req: Request, pathParam: unknown): Promise<Response> {
  try {
    const segments = [pathParam].flat().map(String);
    const unstorable = segments.map(unstorableReason).find((r) => r !== null);
    if (unstorable) throw badRequest(`The request path ${unstorable}.`);
    const path = endpointPath(segments);
    const endpoint = path === null ? undefined : ENDPOINTS[path];
    if (!endpoint || endpoint.method !== req.method)
      return mlflowError(
        "ENDPOINT_NOT_FOUND",
        `No endpoint ${req.method} /${segments.join("/")} here: Tunebench serves a subset of MLflow's tracking API (see docs/mlflow.md).`,
      );
    const ctx = await resolveContext(await requestDb(), req.headers);
    const problem = accessProblem(ctx, endpoint.scope, EDITOR_ROLES);
    if (problem)
      return mlflowError(
        problem.code === "UNAUTHORIZED" ? "UNAUTHENTICATED" : "PERMISSION_DENIED",
        problem.message,
      );
    const raw = req.method === "GET" ? parseQuery(req, StorableInput) : await readBody(req);
    const input = StorableInput.pipe(endpoint.schema).parse(raw);
    return new Response(JSON.stringify((await endpoint.verb({ ctx, input })) ?? {}, asMlflowJson), {
      headers: { "content-type": "application/json" },
    });
  } catch (e) {
    return toMlflowErrorResponse(e);
  }
}
