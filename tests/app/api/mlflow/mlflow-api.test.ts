import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleMlflow } from "@/server/api/mlflow";
import type { DomainCtx } from "@/server/ctx";
import { ensureDefaultProject } from "@/server/services/projects";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { getRunsTable } from "@/server/services/runs-table";
import { responseValidator } from "@/tests/app/api/v1/openapi-check";
import { api, apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

// The MLflow REST subset called in-process, for what MLflow's client never sends on purpose:
// errors in MLflow's shape and status, token scopes, validation, write semantics, soft delete.

let t: TestDb;
let restore: () => void;
let ctx: DomainCtx;
let writer: string;
let reader: string;
const NOW = 1_760_000_000_000;

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  ctx = { db: t.db, projectId: (await ensureDefaultProject(t.db)).id, user: null };
  writer = await apiToken(t.db, "member", ["read", "write"]);
  reader = await apiToken(t.db, "member", ["read"]);
});
afterAll(async () => {
  restore?.();
  await t?.close();
});

type Body = Record<string, unknown> & { error_code?: string; message?: string };
async function call(
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; query?: string; prefix?: string } = {},
): Promise<{ status: number; body: Body }> {
  const prefix = opts.prefix ?? "api";
  const url = `http://localhost/api/mlflow/${prefix}/2.0/mlflow/${path}${opts.query ? `?${opts.query}` : ""}`;
  const token = opts.token === undefined ? writer : opts.token;
  const res = await handleMlflow(
    new Request(url, {
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    [prefix, "2.0", "mlflow", ...path.split("/")],
  );
  return { status: res.status, body: (await res.json()) as Body };
}

async function newRun(name: string) {
  const exp = await call("POST", "experiments/create", { body: { name } });
  const created = await call("POST", "runs/create", {
    body: { experiment_id: exp.body.experiment_id, run_name: `${name} run`, start_time: NOW },
  });
  return {
    experimentId: exp.body.experiment_id as string,
    runId: (created.body.run as { info: { run_id: string } }).info.run_id,
  };
}

describe("MLflow's error shape and status codes", () => {
  it("an unsupported endpoint is 404 ENDPOINT_NOT_FOUND, on both prefixes", async () => {
    for (const prefix of ["api", "ajax-api"]) {
      const res = await call("POST", "registered-models/create", { prefix, body: { name: "m" } });
      expect(res.status).toBe(404);
      expect(res.body.error_code).toBe("ENDPOINT_NOT_FOUND");
    }
    expect((await call("GET", "runs/create")).body.error_code).toBe("ENDPOINT_NOT_FOUND");
  });

  it("no token is 401 UNAUTHENTICATED; a read-only token may read and search but not write", async () => {
    const anon = await call("GET", "experiments/get", { token: null, query: "experiment_id=0" });
    expect([anon.status, anon.body.error_code]).toEqual([401, "UNAUTHENTICATED"]);
    const denied = await call("POST", "experiments/create", { token: reader, body: { name: "r" } });
    expect([denied.status, denied.body.error_code]).toEqual([403, "PERMISSION_DENIED"]);
    expect(
      (await call("GET", "experiments/get", { token: reader, query: "experiment_id=0" })).status,
    ).toBe(200);
    const search = await call("POST", "runs/search", {
      token: reader,
      body: { experiment_ids: ["0"] },
    });
    expect(search.status).toBe(200);
  });

  it("a duplicate experiment is 400 RESOURCE_ALREADY_EXISTS; a missing one 404 RESOURCE_DOES_NOT_EXIST", async () => {
    await call("POST", "experiments/create", { body: { name: "dup" } });
    const dup = await call("POST", "experiments/create", { body: { name: "dup" } });
    expect([dup.status, dup.body.error_code]).toEqual([400, "RESOURCE_ALREADY_EXISTS"]);
    const missing = await call("GET", "experiments/get-by-name", { query: "experiment_name=nope" });
    expect([missing.status, missing.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const run = await call("GET", "runs/get", { query: "run_id=no-such-run" });
    expect([run.status, run.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });

  it("invalid input is 400 INVALID_PARAMETER_VALUE naming the field, never a 500", async () => {
    const { runId } = await newRun("validation");
    const bad = [
      { run_id: runId, params: [{ key: "../escape", value: "x" }] },
      { run_id: runId, params: [{ key: "k", value: "x".repeat(6001) }] },
      { run_id: runId, tags: [{ key: "nul", value: "a\u0000b" }] },
      { run_id: runId, metrics: [{ key: "m", value: "one", timestamp: NOW, step: 0 }] },
      { run_id: runId, metrics: [{ key: "m", value: true, timestamp: NOW, step: 0 }] },
      { run_id: runId, metrics: [{ key: "m", value: 1, timestamp: NOW, step: -1 }] },
      { run_id: runId, metrics: [{ key: "m", value: 1, timestamp: NOW, step: 2 ** 40 }] },
      {
        run_id: runId,
        params: [
          { key: "a", value: "1" },
          { key: "a", value: "1" },
        ],
      },
      { params: [{ key: "a", value: "1" }] },
    ];
    for (const body of bad) {
      const res = await call("POST", "runs/log-batch", { body });
      expect([res.status, res.body.error_code], JSON.stringify(body).slice(0, 80)).toEqual([
        400,
        "INVALID_PARAMETER_VALUE",
      ]);
    }
    const searches = [
      { order_by: ["metrics.loss", "metric.loss DESC"] },
      { order_by: ["tags.`unclosed"] },
      { page_token: "not-a-token" },
    ];
    for (const search of searches) {
      const res = await call("POST", "runs/search", { body: { experiment_ids: ["0"], ...search } });
      expect([res.status, res.body.error_code], JSON.stringify(search)).toEqual([
        400,
        "INVALID_PARAMETER_VALUE",
      ]);
    }
    const history = await call("GET", "metrics/get-history", {
      query: `run_id=${runId}&metric_key=m&page_token=x`,
    });
    expect([history.status, history.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    const garbage = await handleMlflow(
      new Request("http://localhost/api/mlflow/api/2.0/mlflow/runs/log-batch", {
        method: "POST",
        headers: { authorization: `Bearer ${writer}` },
        body: "{not json",
      }),
      ["api", "2.0", "mlflow", "runs", "log-batch"],
    );
    expect(garbage.status).toBe(400);
  });
});

describe("MLflow's write semantics on Tunebench runs", () => {
  it("int64 as strings, params write-once, tags overwrite, status mapped both ways", async () => {
    const { runId } = await newRun("semantics");
    const log = (body: object) =>
      call("POST", "runs/log-batch", { body: { run_id: runId, ...body } });
    expect(
      (await log({ metrics: [{ key: "loss", value: 1.5, timestamp: String(NOW), step: "3" }] }))
        .status,
    ).toBe(200);
    expect((await log({ params: [{ key: "lr", value: "0.1" }] })).status).toBe(200);
    expect((await log({ params: [{ key: "lr", value: "0.1" }] })).status).toBe(200);
    expect((await log({ params: [{ key: "lr", value: "0.2" }] })).body.error_code).toBe(
      "INVALID_PARAMETER_VALUE",
    );
    await log({
      tags: [
        { key: "t", value: "a" },
        { key: "t", value: "b" },
      ],
    });
    const got = await call("GET", "runs/get", { query: `run_uuid=${runId}` });
    const { info, data } = got.body.run as {
      info: { status: string };
      data: { params: object[]; tags: object[]; metrics: object[] };
    };
    expect(info.status).toBe("RUNNING");
    expect(data.params).toEqual([{ key: "lr", value: "0.1" }]);
    expect(data.tags).toEqual([{ key: "t", value: "b" }]);
    expect(data.metrics).toEqual([{ key: "loss", value: 1.5, timestamp: NOW, step: 3 }]);
    const killed = await call("POST", "runs/update", {
      body: { run_id: runId, status: "KILLED", end_time: NOW + 1 },
    });
    expect(killed.body.run_info as { status: string; end_time: number }).toMatchObject({
      status: "KILLED",
      end_time: NOW + 1,
    });
    const reopen = await call("POST", "runs/update", {
      body: { run_id: runId, status: "RUNNING" },
    });
    expect([reopen.status, reopen.body.error_code]).toEqual([409, "RESOURCE_CONFLICT"]);
  });

  it("Tunebench cannot cancel a run it does not train, and says so", async () => {
    const { runId } = await newRun("cancel");
    await expect(cancelRun({ ctx, input: { runId } })).rejects.toThrow(/trained elsewhere/);
  });

  it("an external run shows in the runs table until it is soft-deleted; search sees it as deleted", async () => {
    const { experimentId, runId } = await newRun("visible");
    const listed = async () =>
      (await getRunsTable({ ctx, input: { experimentId } })).rows.map((r) => r.id);
    expect(await listed()).toEqual([runId]);
    expect((await call("POST", "runs/delete", { body: { run_id: runId } })).body).toEqual({});
    expect(await listed()).toEqual([]);
    const search = (view: string) =>
      call("POST", "runs/search", {
        body: { experiment_ids: [experimentId], run_view_type: view },
      });
    expect((await search("ACTIVE_ONLY")).body.runs ?? []).toEqual([]);
    const deleted = (await search("DELETED_ONLY")).body.runs as {
      info: { lifecycle_stage: string };
    }[];
    expect(deleted.map((r) => r.info.lifecycle_stage)).toEqual(["deleted"]);
    const write = await call("POST", "runs/log-parameter", {
      body: { run_id: runId, key: "k", value: "v" },
    });
    expect(write.body.error_code).toBe("INVALID_PARAMETER_VALUE");
  });
});

describe("external experiments and runs through /api/v1", () => {
  it("read as documented in the OpenAPI file, with no base model, dataset or grid", async () => {
    const check = responseValidator();
    const { experimentId, runId } = await newRun("through v1");
    const exp = await api<{ baseModel: null; backend: string }>(
      "GET",
      `/experiments/${experimentId}`,
      {
        token: reader,
      },
    );
    expect(exp.status).toBe(200);
    expect(exp.body).toMatchObject({
      backend: "external",
      baseModel: null,
      datasetVersionId: null,
    });
    expect(check("get", "/experiments/{id}", 200, exp.body)).toEqual([]);
    const run = await api("GET", `/runs/${runId}`, { token: reader });
    expect(run.status).toBe(200);
    expect(check("get", "/runs/{id}", 200, run.body)).toEqual([]);
  });
});
