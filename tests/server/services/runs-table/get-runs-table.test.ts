import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/drizzle/schema";
import {
  getPreference,
  getRunsTable,
  setPreference,
  setRunTags,
} from "@/server/services/runs-table";
import { refreshRunSummaries } from "@/server/services/runs-table/summary";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { insertPoints } from "@/tests/helpers/metrics";
import { addEvaluation, type Fixture, makeExperiment } from "./fixture";

let t: TestDb;
let f: Fixture;
const chrfOf = [30, 60, 45, 50];
beforeAll(async () => {
  t = await createTestDb();
  f = await makeExperiment(t.db);
  for (const [i, runId] of f.runIds.entries()) {
    await addEvaluation(t.db, f, runId, [
      { reference: "a", output: "a", chrf: chrfOf[i]!, accuracy: 100 },
    ]);
    // Loss points out of order: the summary must hold the value at the highest step.
    await insertPoints(t.db, runId, [
      { name: "train/loss", step: 5, value: 0.5 + i },
      { name: "train/loss", step: 1, value: 9 },
    ]);
  }
  await refreshRunSummaries(t.db, f.runIds);
  await setRunTags({ ctx: f.ctx, input: { runId: f.runIds[1]!, tags: ["keep", "best"] } });
  await setRunTags({ ctx: f.ctx, input: { runId: f.runIds[2]!, tags: ["keep"] } });
});
afterAll(() => t?.close());

const table = (input: Partial<Parameters<typeof getRunsTable>[0]["input"]>) =>
  getRunsTable({
    ctx: f.ctx,
    input: { experimentId: f.experimentId, offset: 0, limit: 100, ...input },
  });

describe("runs.table", () => {
  it("lists every run with hyperparameters, summarised metrics and tags; the baseline first", async () => {
    const out = await table({});
    expect(out.total).toBe(5);
    expect(out.rows[0]!.isBaseline).toBe(true);
    const r1 = out.rows.find((r) => r.id === f.runIds[1])!;
    expect(r1.metrics.chrf).toBeCloseTo(60);
    expect(r1.metrics["train/loss"]).toBeCloseTo(1.5); // step 5, not the later-inserted step 1
    expect(r1.tags).toEqual(["keep", "best"]);
    expect(r1.hyperparams).toMatchObject({
      learningRate: expect.any(Number),
      loraRank: expect.any(Number),
    });
  });

  it("sorts by a metric and by a hyperparameter, nulls last", async () => {
    const byChrf = await table({ sort: { key: "metric.chrf", dir: "desc" } });
    expect(byChrf.rows.map((r) => r.metrics.chrf ?? null)).toEqual([60, 50, 45, 30, null]);
    const byRank = await table({ sort: { key: "param.loraRank", dir: "asc" } });
    const ranks = byRank.rows.map((r) => r.hyperparams.loraRank ?? null);
    expect(ranks).toEqual([4, 4, 8, 8, null]);
  });

  it("filters by metric, hyperparameter, tag and status", async () => {
    expect((await table({ filters: [{ key: "metric.chrf", op: "gt", value: 44 }] })).total).toBe(3);
    expect((await table({ filters: [{ key: "param.loraRank", op: "eq", value: 8 }] })).total).toBe(
      2,
    );
    expect(
      (await table({ filters: [{ key: "param.loraRank", op: "eq", value: "8" }] })).total,
    ).toBe(2);
    expect(
      (await table({ filters: [{ key: "param.loraRank", op: "in", value: [4, 8] }] })).total,
    ).toBe(4);
    expect(
      (await table({ filters: [{ key: "tag", op: "eq", value: "keep" }] })).rows
        .map((r) => r.id)
        .sort(),
    ).toEqual([f.runIds[1], f.runIds[2]].sort());
    expect((await table({ filters: [{ key: "tag", op: "contains", value: "bes" }] })).total).toBe(
      1,
    );
    expect(
      (await table({ filters: [{ key: "status", op: "neq", value: "evaluated" }] })).total,
    ).toBe(1);
    expect(
      (await table({ filters: [{ key: "meta.name", op: "contains", value: "100%" }] })).total,
    ).toBe(0);
  });

  it("pages without overlap and reports the total", async () => {
    const a = await table({ sort: { key: "metric.chrf", dir: "asc" }, offset: 0, limit: 2 });
    const b = await table({ sort: { key: "metric.chrf", dir: "asc" }, offset: 2, limit: 2 });
    const c = await table({ sort: { key: "metric.chrf", dir: "asc" }, offset: 4, limit: 2 });
    const d = await table({ offset: 10, limit: 2 });
    expect([a, b, c].flatMap((p) => p.rows.map((r) => r.id)).sort()).toEqual(
      [...f.runIds, f.baselineId].sort(),
    );
    expect([a.total, b.total, c.total, d.total]).toEqual([5, 5, 5, 5]);
  });

  it("groups by a hyperparameter with counts", async () => {
    const out = await table({ groupBy: "param.loraRank" });
    expect(out.groups).toEqual([
      { key: "param.loraRank", value: 4, count: 2 },
      { key: "param.loraRank", value: 8, count: 2 },
      { key: "param.loraRank", value: null, count: 1 },
    ]);
  });

  it("marks columns that do not vary across runs, for diff-only", async () => {
    const cols = new Map((await table({})).columns.map((c) => [c.key, c]));
    expect(cols.get("param.loraRank")!.varies).toBe(true);
    expect(cols.get("param.epochs")!.varies).toBe(false);
    expect(cols.get("metric.accuracy")!.varies).toBe(false);
    expect(cols.get("metric.chrf")!.varies).toBe(true);
    // Within one rank the rank no longer varies.
    const narrowed = new Map(
      (await table({ filters: [{ key: "param.loraRank", op: "eq", value: 4 }] })).columns.map(
        (c) => [c.key, c],
      ),
    );
    expect(narrowed.get("param.loraRank")!.varies).toBe(false);
  });

  it("sorts and filters by peak training memory, exact past 2^32 bytes, unknown last", async () => {
    const peaks = [6_442_450_944, 2_000_000_000, null, 5_000_000_000];
    for (const [i, runId] of f.runIds.entries())
      await t.db.update(runs).set({ peakMemBytes: peaks[i] }).where(eq(runs.id, runId));
    const byPeak = await table({ sort: { key: "meta.peakMem", dir: "desc" } });
    expect(byPeak.rows.map((r) => r.peakMemBytes)).toEqual([
      6_442_450_944,
      5_000_000_000,
      2_000_000_000,
      null,
      null,
    ]);
    const big = await table({ filters: [{ key: "meta.peakMem", op: "gt", value: 3e9 }] });
    expect(big.rows.map((r) => r.id).sort()).toEqual([f.runIds[0], f.runIds[3]].sort());
    expect(big.columns.find((c) => c.key === "meta.peakMem")).toMatchObject({
      label: "Peak memory",
      varies: true,
    });
  });

  it("rejects unknown keys and bad filter values with the filter named", async () => {
    await expect(table({ sort: { key: "nope" as never, dir: "asc" } })).rejects.toThrow(
      /column key/,
    );
    await expect(
      table({ filters: [{ key: "metric.chrf", op: "gt", value: "high" }] }),
    ).rejects.toThrow(/filters\[0\]/);
  });

  it("does not show another project's experiment", async () => {
    const other = await makeExperiment(t.db, "other");
    await expect(
      getRunsTable({
        ctx: other.ctx,
        input: { experimentId: f.experimentId, offset: 0, limit: 10 },
      }),
    ).rejects.toThrow(/not found/);
    await expect(
      setRunTags({ ctx: other.ctx, input: { runId: f.runIds[0]!, tags: ["x"] } }),
    ).rejects.toThrow(/not found/);
  });
});

describe("preferences", () => {
  it("stores a value per user and project", async () => {
    const alice = await createTestCtx(t.db, { role: "member" });
    const bob = await createTestCtx(t.db, { role: "member" });
    await setPreference({
      ctx: alice,
      input: { key: "runs-table-columns:e1", value: ["param.loraRank"] },
    });
    await setPreference({
      ctx: alice,
      input: { key: "runs-table-columns:e1", value: ["metric.chrf"] },
    });
    expect(
      (await getPreference({ ctx: alice, input: { key: "runs-table-columns:e1" } })).value,
    ).toEqual(["metric.chrf"]);
    expect(
      (await getPreference({ ctx: bob, input: { key: "runs-table-columns:e1" } })).value,
    ).toBeNull();
  });
});

describe("runs.table without an experiment", () => {
  it("lists every run of the project, newest first, with the same filters and sorts", async () => {
    const other = await makeExperiment(t.db, "elsewhere");
    const all = await getRunsTable({ ctx: f.ctx, input: { offset: 0, limit: 100 } });
    expect(all.rows.map((r) => r.id).sort()).toEqual([...f.runIds, f.baselineId].sort());
    expect(
      all.rows.every((r) => r.experimentId === f.experimentId && r.experimentName === "e"),
    ).toBe(true);
    const created = all.rows.map((r) => r.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const best = await getRunsTable({
      ctx: f.ctx,
      input: {
        filters: [{ key: "metric.chrf", op: "gt", value: 40 }],
        sort: { key: "metric.chrf", dir: "desc" },
        offset: 0,
        limit: 100,
      },
    });
    expect(best.rows.map((r) => r.metrics.chrf)).toEqual([60, 50, 45]);
    const theirs = await getRunsTable({ ctx: other.ctx, input: { offset: 0, limit: 100 } });
    expect(theirs.total).toBe(5);
    expect(theirs.rows.some((r) => f.runIds.includes(r.id))).toBe(false);
  });
});

describe("summary maintenance", () => {
  it("keeps the last loss when new points are ingested", async () => {
    const { ingestMetrics } = await import("@/server/services/ingest");
    const runId = f.runIds[0]!;
    await ingestMetrics({
      ctx: f.ctx,
      input: { runId, points: [{ name: "train/loss", step: 9, value: 0.125 }] },
    });
    const [r] = await t.db.select({ summary: runs.summary }).from(runs).where(eq(runs.id, runId));
    expect(r!.summary).toMatchObject({ "train/loss": 0.125, chrf: 30 });
  });
});

describe("legacy runs", () => {
  it("get their summary and cost the first time their experiment is shown", async () => {
    const g = await makeExperiment(t.db, "legacy");
    const runId = g.runIds[0]!;
    await addEvaluation(t.db, g, runId, [{ reference: "a", output: "a", chrf: 77, accuracy: 100 }]);
    await t.db
      .update(runs)
      .set({
        summary: {},
        cost: null,
        device: "cuda",
        startedAt: new Date(0),
        finishedAt: new Date(1_800_000),
      })
      .where(eq(runs.id, runId));
    const row = (
      await getRunsTable({
        ctx: g.ctx,
        input: { experimentId: g.experimentId, offset: 0, limit: 10 },
      })
    ).rows.find((r) => r.id === runId)!;
    expect(row.metrics.chrf).toBe(77);
    expect(row.cost).toEqual({ usd: 0.5, parts: { training: 0.5, evaluation: null, judge: null } });
  });
});
