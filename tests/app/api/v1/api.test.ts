import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { projects } from "@/drizzle/schema";
import type { ApiErrorBody } from "@/server/api/errors";
import type * as out from "@/server/api/schemas";
import type { DatasetUploadErrorDetails } from "@/server/schemas/datasets";
import type { GateVerdictList } from "@/server/schemas/gates";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";
import { responseValidator } from "./openapi-check";
import { api, apiToken, reviewerToken, useApi } from "./setup";

let t: TestDb;
let restore: () => void;
const tokens = {} as Record<
  "admin" | "readOnly" | "member" | "reviewerRead" | "reviewerWrite" | "outsider",
  string
>;
const check = responseValidator();

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  tokens.admin = await apiToken(t.db, "admin", ["read", "write"]);
  tokens.readOnly = await apiToken(t.db, "member", ["read"]);
  tokens.member = await apiToken(t.db, "member", ["read", "write"]);
  // Reviewers cannot create tokens: these were made by members who were then made reviewers.
  tokens.reviewerRead = await reviewerToken(t.db, ["read"]);
  tokens.reviewerWrite = await reviewerToken(t.db, ["read", "write"]);
  const [other] = await t.db.insert(projects).values({ slug: "other", name: "other" }).returning();
  tokens.outsider = await apiToken(t.db, "admin", ["read", "write"], other!.id);
});
afterAll(async () => {
  restore?.();
  await t?.close();
});

const experimentInput = (versionId: string, extra: Record<string, unknown> = {}) => ({
  name: "via REST",
  baseModel: "tiny-model",
  datasetVersionId: versionId,
  grid: { learningRate: [1e-4, 2e-4], loraRank: [4], epochs: [1] },
  evalSuite: {
    metrics: ["accuracy", "chrf"],
    primaryMetric: "accuracy",
    gates: [{ metric: "accuracy", maxDrop: 1 }],
  },
  ...extra,
});

async function upload(token = tokens.member) {
  const res = await api<z.infer<typeof out.DatasetOut>>("POST", "/datasets", {
    token,
    body: {
      name: "dates",
      trainJsonl: toChatJsonl(dateExamples(20)),
      evalJsonl: toChatJsonl(dateExamples(5, 100)),
    },
  });
  return res;
}

describe("/api/v1 auth", () => {
  it("answers 401 without a token and with an unknown token", async () => {
    for (const headers of [{}, { token: "tb_not_a_real_token" }]) {
      const res = await api<ApiErrorBody>("GET", "/experiments", headers);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHORIZED");
      expect(check("get", "/experiments", 401, res.body)).toEqual([]);
    }
  });

  it("answers 403 when the token lacks the scope", async () => {
    const ds = await upload();
    const res = await api<ApiErrorBody>("POST", "/experiments", {
      token: tokens.readOnly,
      body: experimentInput(ds.body.versionId),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('This API token lacks the "write" scope.');
  });

  it("answers 401 to a reviewer's token, even a write one: run data would unblind their reviews", async () => {
    const ds = await upload();
    const res = await api<ApiErrorBody>("POST", "/experiments", {
      token: tokens.reviewerWrite,
      body: experimentInput(ds.body.versionId),
    });
    expect(res.status).toBe(401);
    expect(
      (await api("POST", `/runs/anything/evaluate`, { token: tokens.reviewerWrite })).status,
    ).toBe(401);
    expect((await api("GET", "/experiments", { token: tokens.reviewerRead })).status).toBe(401);
    expect((await api("GET", "/experiments", { token: tokens.readOnly })).status).toBe(200);
  });
});

describe("/api/v1 validation", () => {
  it("answers 400 with each field's path", async () => {
    const ds = await upload();
    const bad = experimentInput(ds.body.versionId, {
      name: "",
      grid: { learningRate: [], loraRank: [4], epochs: [1] },
      evalSuite: {
        metrics: ["accuracy"],
        primaryMetric: "accuracy",
        gates: [{ metric: "bleu", min: 10 }, { metric: "accuracy" }],
      },
    });
    const res = await api<ApiErrorBody>("POST", "/experiments", {
      token: tokens.member,
      body: bad,
    });
    expect(res.status).toBe(400);
    expect(check("post", "/experiments", 400, res.body)).toEqual([]);
    const paths = res.body.error.issues?.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(["name", "grid.learningRate", "evalSuite.gates.1.min"]),
    );
    // The cross-field check (a gate on a metric the suite does not compute) runs once the fields parse.
    const second = await api<ApiErrorBody>("POST", "/experiments", {
      token: tokens.member,
      body: experimentInput(ds.body.versionId, {
        evalSuite: {
          metrics: ["accuracy"],
          primaryMetric: "accuracy",
          gates: [{ metric: "bleu", min: 10 }],
        },
      }),
    });
    expect(second.body.error.issues).toEqual([
      {
        path: "evalSuite.gates.0.metric",
        message: "Gate on bleu: the suite does not compute bleu; add it to metrics",
      },
    ]);
  });

  it("answers 400 to a body that is not JSON, and names bad dataset lines", async () => {
    const res = await api<ApiErrorBody>("POST", "/experiments", {
      token: tokens.member,
      rawBody: "{ nope",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not valid JSON/);
    const lines = await api<ApiErrorBody & { error: { details: DatasetUploadErrorDetails } }>(
      "POST",
      "/datasets",
      {
        token: tokens.member,
        body: { name: "broken", trainJsonl: '{"messages": []}\nnot json\n' },
      },
    );
    expect(lines.status).toBe(400);
    expect(lines.body.error.details.errors[0]).toMatchObject({ file: "train", line: 1 });
  });
});

describe("/api/v1 experiments, runs, leaderboard, gates, evaluations", () => {
  it("creates an experiment and reads it back through every endpoint, each answer as documented", async () => {
    const ds = await upload();
    expect([200, 201]).toContain(ds.status);
    expect(check("post", "/datasets", ds.status, ds.body)).toEqual([]);
    expect((await upload()).body).toMatchObject({ versionId: ds.body.versionId, reused: true });

    const created = await api<z.infer<typeof out.CreatedExperimentOut>>("POST", "/experiments", {
      token: tokens.member,
      body: experimentInput(ds.body.versionId),
    });
    expect(created.status).toBe(201);
    expect(check("post", "/experiments", 201, created.body)).toEqual([]);
    expect(created.body.runIds).toHaveLength(2);
    const id = created.body.id;

    const list = await api<z.infer<typeof out.ExperimentListOut>>("GET", "/experiments", {
      token: tokens.readOnly,
    });
    expect(check("get", "/experiments", 200, list.body)).toEqual([]);
    expect(list.body.experiments.map((e) => e.id)).toContain(id);

    const one = await api<z.infer<typeof out.ExperimentOut>>("GET", `/experiments/${id}`, {
      token: tokens.readOnly,
    });
    expect(check("get", "/experiments/{id}", 200, one.body)).toEqual([]);
    expect(one.body.evalSuite.gates).toEqual([
      { metric: "accuracy", maxDrop: 1, baseline: "baseline", alpha: 0.05 },
    ]);

    const runs = await api<z.infer<typeof out.RunListOut>>("GET", `/experiments/${id}/runs`, {
      token: tokens.readOnly,
    });
    expect(check("get", "/experiments/{id}/runs", 200, runs.body)).toEqual([]);
    expect(runs.body.runs.map((r) => [r.index, r.status])).toEqual([
      [0, "succeeded"],
      [1, "queued"],
      [2, "queued"],
    ]);

    const run = await api("GET", `/runs/${created.body.runIds[0]}`, { token: tokens.readOnly });
    expect(check("get", "/runs/{id}", 200, run.body)).toEqual([]);
    expect(run.body).toMatchObject({
      id: created.body.runIds[0],
      status: "queued",
      evaluation: null,
    });

    const board = await api("GET", `/experiments/${id}/leaderboard`, { token: tokens.readOnly });
    expect(check("get", "/experiments/{id}/leaderboard", 200, board.body)).toEqual([]);
    expect(board.body).toMatchObject({ experimentId: id, primaryMetric: "accuracy", rows: [] });

    const gates = await api<GateVerdictList>("GET", `/experiments/${id}/gates`, {
      token: tokens.readOnly,
    });
    expect(check("get", "/experiments/{id}/gates", 200, gates.body)).toEqual([]);
    expect(gates.body.verdicts.map((v) => v.verdict)).toEqual(["none", "pending", "pending"]); // the baseline is never gated
    const oneGate = await api<GateVerdictList>(
      "GET",
      `/experiments/${id}/gates?runId=${created.body.runIds[1]}`,
      { token: tokens.readOnly },
    );
    expect(oneGate.body.verdicts.map((v) => v.runId)).toEqual([created.body.runIds[1]]);

    // A queued run cannot be evaluated; the baseline can, through the job its creation enqueued.
    const early = await api<ApiErrorBody>("POST", `/runs/${created.body.runIds[0]}/evaluate`, {
      token: tokens.member,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/is queued; only a run that finished training/);
    const baselineId = runs.body.runs[0]!.id;
    const first = await api<z.infer<typeof out.EvaluationRequestOut>>(
      "POST",
      `/runs/${baselineId}/evaluate`,
      { token: tokens.member },
    );
    expect(first.status).toBe(202);
    expect(check("post", "/runs/{id}/evaluate", 202, first.body)).toEqual([]);
    const again = await api("POST", `/runs/${baselineId}/evaluate`, { token: tokens.member });
    expect(again.body).toMatchObject({ jobId: first.body.jobId, created: false });
  });

  it("hides other projects' experiments and runs (404)", async () => {
    const ds = await upload();
    const created = await api<z.infer<typeof out.CreatedExperimentOut>>("POST", "/experiments", {
      token: tokens.member,
      body: experimentInput(ds.body.versionId),
    });
    for (const path of [
      `/experiments/${created.body.id}`,
      `/experiments/${created.body.id}/runs`,
      `/experiments/${created.body.id}/leaderboard`,
      `/experiments/${created.body.id}/gates`,
      `/runs/${created.body.runIds[0]}`,
    ]) {
      const res = await api("GET", path, { token: tokens.outsider });
      expect(res.status, path).toBe(404);
    }
    expect(
      (await api("POST", `/runs/${created.body.runIds[0]}/evaluate`, { token: tokens.outsider }))
        .status,
    ).toBe(404);
    const theirs = await api<z.infer<typeof out.ExperimentListOut>>("GET", "/experiments", {
      token: tokens.outsider,
    });
    expect(theirs.body.experiments).toEqual([]);
  });
});

describe("/api/v1/runs", () => {
  it("lists the project's runs across experiments with the runs table's filters, as documented", async () => {
    const ds = await upload();
    const a = await api<z.infer<typeof out.CreatedExperimentOut>>("POST", "/experiments", {
      token: tokens.member,
      body: experimentInput(ds.body.versionId, { name: "listing a" }),
    });
    const b = await api<z.infer<typeof out.CreatedExperimentOut>>("POST", "/experiments", {
      token: tokens.member,
      body: experimentInput(ds.body.versionId, {
        name: "listing b",
        grid: { learningRate: [3e-4], loraRank: [8, 16], epochs: [1] },
      }),
    });
    type Page = z.infer<typeof out.RunsPageOut>;
    const all = await api<Page>("GET", "/runs?limit=500", { token: tokens.readOnly });
    expect(all.status).toBe(200);
    expect(check("get", "/runs", 200, all.body)).toEqual([]);
    const ids = all.body.rows.map((r) => r.id);
    for (const id of [...a.body.runIds, ...b.body.runIds]) expect(ids).toContain(id);
    expect(all.body.total).toBe(all.body.rows.length);
    // Newest first when unsorted: experiment b's runs before a's.
    expect(ids.indexOf(b.body.runIds[0]!)).toBeLessThan(ids.indexOf(a.body.runIds[0]!));
    expect(all.body.rows.find((r) => r.id === b.body.runIds[0])).toMatchObject({
      experimentId: b.body.id,
      experimentName: "listing b",
    });

    const filters = JSON.stringify([
      { key: "param.loraRank", op: "gt", value: 4 },
      { key: "status", op: "eq", value: "queued" },
    ]);
    const some = await api<Page>(
      "GET",
      `/runs?filters=${encodeURIComponent(filters)}&sort=param.loraRank&dir=desc`,
      { token: tokens.readOnly },
    );
    expect(some.body.rows.map((r) => [r.id, r.hyperparams.loraRank])).toEqual([
      [b.body.runIds[1], 16],
      [b.body.runIds[0], 8],
    ]);
    const one = await api<Page>("GET", `/runs?experimentId=${a.body.id}`, {
      token: tokens.readOnly,
    });
    expect(one.body.rows.map((r) => r.experimentId)).toEqual([a.body.id, a.body.id, a.body.id]);

    const bad = await api<ApiErrorBody>("GET", "/runs?filters=%5Bnot%20json", {
      token: tokens.readOnly,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("filters must be JSON");
    expect((await api("GET", "/runs", { token: tokens.reviewerRead })).status).toBe(401); // a reviewer's token does not authenticate
    const theirs = await api<Page>("GET", "/runs", { token: tokens.outsider });
    expect(theirs.body.rows).toEqual([]);
    expect(
      (await api("GET", `/runs?experimentId=${a.body.id}`, { token: tokens.outsider })).status,
    ).toBe(404);
  });
});
