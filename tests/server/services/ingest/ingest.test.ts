import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as metricsRoute } from "@/app/api/v1/runs/[id]/metrics/route";
import { runs } from "@/drizzle/schema";
import { setRequestDb } from "@/server/db";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import { ingestMetrics } from "@/server/services/ingest";
import { createToken } from "@/server/services/tokens";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { storedPoints } from "@/tests/helpers/metrics";
import { type Fixture, makeExperiment } from "../runs-table/fixture";

let t: TestDb;
let f: Fixture;
const prevAuth = process.env.TUNEBENCH_AUTH;
let write = "",
  read = "";
beforeAll(async () => {
  t = await createTestDb();
  f = await makeExperiment(t.db);
  setRequestDb(t.db);
  process.env.TUNEBENCH_AUTH = "multi";
  const member = await createTestCtx(t.db, { role: "member", projectId: f.ctx.projectId! });
  write = (await createToken({ ctx: member, input: { name: "w", scopes: ["read", "write"] } }))
    .secret;
  read = (await createToken({ ctx: member, input: { name: "r", scopes: ["read"] } })).secret;
});
afterAll(async () => {
  setRequestDb(null);
  if (prevAuth === undefined) delete process.env.TUNEBENCH_AUTH;
  else process.env.TUNEBENCH_AUTH = prevAuth;
  await t?.close();
});

const post = (runId: string, body: unknown, token = write) =>
  metricsRoute(
    new Request(`http://localhost/api/v1/runs/${runId}/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id: runId }) },
  );
const stored = async (runId: string) =>
  (await storedPoints(t.db, runId)).map(({ name, step, value }) => ({ name, step, value }));

describe("POST /api/v1/runs/{id}/metrics", () => {
  it("stores a batch once: a retried request and repeated points are ignored", async () => {
    const runId = f.runIds[0]!;
    const points = Array.from({ length: 3000 }, (_, i) => ({
      name: i % 2 ? "train/loss" : "eval/loss",
      step: Math.floor(i / 2),
      value: 1 / (i + 1),
      time: 1.7e9 + i,
    }));
    const first = await post(runId, { points: [...points, points[0]] });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ runId, received: 3001, inserted: 3000 });
    const again = await post(runId, {
      points: [
        ...points.slice(2000),
        { name: "train/loss", step: 5000, value: 0.01, time: "2026-01-01T00:00:00Z" },
      ],
    });
    expect(await again.json()).toEqual({ runId, received: 1001, inserted: 1 });
    const rows = await stored(runId);
    expect(rows).toHaveLength(3001);
    expect(rows.find((r) => r.name === "eval/loss" && r.step === 7)).toEqual({
      name: "eval/loss",
      step: 7,
      value: 1 / 15,
    });
    const [run] = await t.db.select({ summary: runs.summary }).from(runs).where(eq(runs.id, runId));
    expect(run!.summary).toMatchObject({ "train/loss": 0.01, "eval/loss": 1 / 2999 });
  });

  it("stores names with quotes, commas and newlines, and extreme values, exactly", async () => {
    const runId = f.runIds[1]!;
    const odd = 'loss, "smoothed"\nv2';
    await ingestMetrics({
      ctx: f.ctx,
      input: {
        runId,
        ...IngestMetricsRequest.parse({
          points: [
            { name: odd, step: 1, value: -0.5e-300 },
            { name: odd, step: 2, value: 123456789.12345679 },
          ],
        }),
      },
    });
    expect(await stored(runId)).toEqual([
      { name: odd, step: 1, value: -0.5e-300 },
      { name: odd, step: 2, value: 123456789.12345679 },
    ]);
  });

  it("takes series in columns as the same points, idempotent across both shapes", async () => {
    const runId = f.runIds[3]!;
    const steps = Array.from({ length: 2500 }, (_, i) => i * 2);
    const values = steps.map((s) => 1 / (s + 1));
    const times = steps.map((s) => 1.7e9 + s);
    const first = await post(runId, {
      points: [{ name: "loss", step: 4, value: -1, time: 1.8e9 }],
      series: [
        { name: "loss", steps, values, times },
        { name: "lr", steps: [0, 7, 7], values: [0.1, 0.2, 0.3] },
      ],
    });
    // The point came first, so it holds step 4; step 7 of "lr" keeps its first value.
    expect(await first.json()).toEqual({ runId, received: 2504, inserted: 2502 });
    const replay = await post(runId, { series: [{ name: "loss", steps, values, times }] });
    expect(await replay.json()).toEqual({ runId, received: 2500, inserted: 0 });
    const asPoints = await post(runId, {
      points: steps.slice(0, 10).map((step, i) => ({ name: "loss", step, value: values[i] })),
    });
    expect(await asPoints.json()).toEqual({ runId, received: 10, inserted: 0 });
    const rows = await storedPoints(t.db, runId);
    expect(rows.filter((r) => r.name === "lr").map((r) => [r.step, r.value])).toEqual([
      [0, 0.1],
      [7, 0.2],
    ]);
    const loss = rows.filter((r) => r.name === "loss");
    expect(loss).toHaveLength(2500);
    expect(loss[2]).toMatchObject({ step: 4, value: -1, time: 1.8e12 });
    expect(loss[3]).toMatchObject({ step: 6, value: 1 / 7, time: (1.7e9 + 6) * 1000 });
  });

  it("names the field of a bad series, and refuses a body without points or too many", async () => {
    const issues = async (body: unknown) => {
      const res = await post(f.runIds[2]!, body);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { issues: { path: string }[] } }).error.issues.map(
        (i) => i.path,
      );
    };
    expect(await issues({ series: [{ name: "x", steps: [1, 2], values: [1] }] })).toEqual([
      "series.0.values",
    ]);
    expect(
      await issues({ series: [{ name: "x", steps: [1, -2], values: [1, 2], times: [1.7e9, 5] }] }),
    ).toEqual(["series.0.steps.1", "series.0.times.1"]);
    expect(await issues({ series: [{ name: "x\u0000", steps: [1], values: [1] }] })).toEqual([
      "series.0.name",
    ]);
    expect(await issues({})).toEqual(["points"]);
    const many = Array.from({ length: 60_000 }, (_, i) => i);
    expect(
      await issues({
        series: [
          { name: "a", steps: many, values: many },
          { name: "b", steps: many, values: many },
        ],
      }),
    ).toEqual(["(body)"]);
    expect(await stored(f.runIds[2]!)).toEqual([]);
  });

  it("rejects bad input with the field named, a read-only token, and other projects' runs", async () => {
    const bad = await post(f.runIds[2]!, { points: [{ name: "x", step: -1, value: 1 }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("points.0.step");
    expect(
      (await post(f.runIds[2]!, { points: [{ name: "x", step: 1, value: "NaN" }] })).status,
    ).toBe(400);
    expect((await post(f.runIds[2]!, { points: [] })).status).toBe(400);
    const nul = await post(f.runIds[2]!, { points: [{ name: "a\u0000b", step: 1, value: 1 }] });
    expect(nul.status).toBe(400);
    expect(JSON.stringify(await nul.json())).toContain("points.0.name");
    expect(
      (await post(f.runIds[2]!, { points: [{ name: "x", step: 1, value: 1 }] }, read)).status,
    ).toBe(403);
    const other = await makeExperiment(t.db, "other");
    expect(
      (await post(other.runIds[0]!, { points: [{ name: "x", step: 1, value: 1 }] })).status,
    ).toBe(404);
    expect(await stored(f.runIds[2]!)).toEqual([]);
  });
});
