import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/drizzle/schema";
import { mulberry32 } from "@/evals";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import { ingestMetrics } from "@/server/services/ingest";
import { getSeries } from "@/server/services/series";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type Fixture, makeExperiment } from "../runs-table/fixture";

let t: TestDb;
let f: Fixture;
const N = 30_000;
const T0 = 1_700_000_000;
const rnd = mulberry32(3);
const loss = Array.from({ length: N }, (_, i) => 3 / Math.sqrt(i + 1) + rnd() * 0.1);
const ingest = (
  runId: string,
  points: { name: string; step: number; value: number; time?: number }[],
) => ingestMetrics({ ctx: f.ctx, input: { runId, ...IngestMetricsRequest.parse({ points }) } });

beforeAll(async () => {
  t = await createTestDb();
  f = await makeExperiment(t.db);
  // Even steps only, so a late point can land in a gap later; one spike mid-run.
  loss[12_345] = 50;
  await ingest(
    f.runIds[0]!,
    loss.map((value, i) => ({ name: "train/loss", step: i * 2, value, time: T0 + i })),
  );
  await ingest(f.runIds[1]!, [
    { name: "train/loss", step: 0, value: 1 },
    { name: "train/loss", step: 1, value: 0.5 },
  ]);
  await t.db
    .update(runs)
    .set({ step: 2 * (N - 1), epoch: 2, tokensSeen: 2 * (N - 1) * 100 })
    .where(eq(runs.id, f.runIds[0]!));
});
afterAll(() => t?.close());

const get = (x: "step" | "epoch" | "tokens" | "time" = "step", maxPoints = 500) =>
  getSeries({
    ctx: f.ctx,
    input: { runIds: [f.runIds[0]!, f.runIds[1]!], names: ["train/loss", "nope"], x, maxPoints },
  });

describe("series.get", () => {
  it("downsamples a long series to the bound, keeping endpoints and extremes", async () => {
    const { series } = await get();
    expect(series.map((s) => [s.runId, s.name])).toEqual([
      [f.runIds[0], "train/loss"],
      [f.runIds[1], "train/loss"],
    ]);
    const long = series[0]!;
    expect(long.total).toBe(N);
    expect(long.lastStep).toBe(2 * (N - 1));
    expect(long.points.length).toBeLessThanOrEqual(500);
    expect(long.points.length).toBeGreaterThan(400);
    expect(long.points[0]).toMatchObject({ x: 0, y: loss[0] });
    expect(long.points.at(-1)).toMatchObject({ x: 2 * (N - 1), y: loss[N - 1] });
    expect(Math.max(...long.points.map((p) => p.y))).toBe(50);
    expect(Math.min(...long.points.map((p) => p.y))).toBe(Math.min(...loss));
    for (let i = 1; i < long.points.length; i++)
      expect(long.points[i]!.x).toBeGreaterThan(long.points[i - 1]!.x);
    expect(series[1]!.points).toEqual([
      { x: 0, y: 1, min: 1, max: 1 },
      { x: 1, y: 0.5, min: 0.5, max: 0.5 },
    ]);
  });

  it("extends its tiles with appended points and repairs them after a late point", async () => {
    await get(); // tiles built
    await ingest(f.runIds[0]!, [{ name: "train/loss", step: 2 * N, value: -7 }]);
    let long = (await get()).series[0]!;
    expect(long.total).toBe(N + 1);
    expect(long.points.at(-1)).toMatchObject({ x: 2 * N, y: -7 });
    // A late point in a gap far below the covered steps becomes the new maximum.
    await ingest(f.runIds[0]!, [{ name: "train/loss", step: 3001, value: 99 }]);
    long = (await get()).series[0]!;
    expect(long.total).toBe(N + 2);
    expect(long.points.find((p) => p.y === 99)).toMatchObject({ x: 3001 });
  });

  it("maps x to epoch, tokens and time", async () => {
    const last = 2 * N;
    const epoch = (await get("epoch")).series[0]!.points;
    expect(epoch.at(-1)!.x).toBeCloseTo((last * 2) / (2 * (N - 1)));
    const tokens = (await get("tokens")).series[0]!.points;
    expect(tokens.at(-1)!.x).toBeCloseTo(last * 100);
    const time = (await get("time")).series[0]!.points;
    expect(time[0]!.x).toBe(T0 * 1000);
    for (let i = 1; i < time.length; i++) expect(time[i]!.x).toBeGreaterThanOrEqual(time[i - 1]!.x);
  });

  it("refuses runs of another project", async () => {
    const other = await makeExperiment(t.db, "other");
    await expect(
      getSeries({ ctx: other.ctx, input: { runIds: [f.runIds[0]!], names: ["train/loss"] } }),
    ).rejects.toThrow(/not found/);
  });
});

describe("tile prebuild", () => {
  it("is queued once when training ends and builds the default level of every long series", async () => {
    const { ingestEvents } = await import("@/server/services/runs");
    const { prebuildTiles } = await import("@/server/services/series/prebuild-tiles");
    const { jobKeyOf } = await import("@/server/jobs/contracts");
    const { jobs, runMetricTileState } = await import("@/drizzle/schema");
    const runId = f.runIds[2]!;
    await ingest(
      runId,
      Array.from({ length: 6000 }, (_, i) => ({ name: "train/loss", step: i, value: 1 / (i + 1) })),
    );
    await t.db.update(runs).set({ status: "running" }).where(eq(runs.id, runId));
    const ref = { backend: "local" as const, id: runId, cursor: "9", state: {} };
    const { mkdirSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    process.env.TUNEBENCH_RUNS_DIR = mkdtempSync(path.join(tmpdir(), "tb-series-"));
    const adapterPath = path.join(process.env.TUNEBENCH_RUNS_DIR, runId, "adapter");
    mkdirSync(adapterPath, { recursive: true }); // adapters are stored only from the run's folder
    const done = [
      {
        event: { type: "completed" as const, time: 5, step: 5999, adapterPath },
        seq: 9,
        ref,
      },
    ];
    await ingestEvents(t.db, runId, done);
    await ingestEvents(t.db, runId, done);
    expect(
      await t.db
        .select()
        .from(jobs)
        .where(eq(jobs.key, jobKeyOf("series.tiles", { runId })!)),
    ).toHaveLength(1);
    expect(await prebuildTiles(t.db, runId)).toBe(1);
    expect(
      await t.db
        .select({
          width: runMetricTileState.width,
          coveredTo: runMetricTileState.coveredTo,
          points: runMetricTileState.points,
        })
        .from(runMetricTileState)
        .where(eq(runMetricTileState.runId, runId)),
    ).toEqual([{ width: 10, coveredTo: 5999, points: 6000 }]);
  });
});

describe("tiles built as points are ingested", () => {
  it("queues the run's tile build per 5,000 steps, so a first read builds nothing", async () => {
    const { prebuildTiles } = await import("@/server/services/series/prebuild-tiles");
    const { jobs, runMetricTileState } = await import("@/drizzle/schema");
    const { like } = await import("drizzle-orm");
    const runId = f.runIds[3]!;
    const batch = (from: number) =>
      Array.from({ length: 10_000 }, (_, i) => ({
        name: "fresh",
        step: from + i,
        value: Math.cos(from + i),
      }));
    for (let from = 0; from < 50_000; from += 10_000) await ingest(runId, batch(from));
    await ingest(runId, batch(40_000)); // a replayed batch queues nothing more
    const queued = await t.db
      .select({ key: jobs.key, payload: jobs.payload })
      .from(jobs)
      .where(like(jobs.key, `series.tiles:${runId}:%`));
    expect(queued.map((j) => j.key).sort()).toEqual(
      [1, 3, 5, 7, 9].map((r) => `series.tiles:${runId}:${r}`),
    );
    for (const j of queued) await prebuildTiles(t.db, (j.payload as { runId: string }).runId);
    const state = () =>
      t.db
        .select({
          width: runMetricTileState.width,
          coveredTo: runMetricTileState.coveredTo,
          points: runMetricTileState.points,
          updatedAt: runMetricTileState.updatedAt,
        })
        .from(runMetricTileState)
        .where(eq(runMetricTileState.runId, runId));
    const before = await state();
    // 50,000 steps read from 1,000 tiles of 50 steps: as many as a 100,000-step series reads.
    expect(before.find((s) => s.coveredTo === 49_999)).toMatchObject({ width: 50, points: 50_000 });
    const { series } = await getSeries({
      ctx: f.ctx,
      input: { runIds: [runId], names: ["fresh"], maxPoints: 1000 },
    });
    expect(series[0]).toMatchObject({ total: 50_000, lastStep: 49_999 });
    expect(series[0]!.points.length).toBeLessThanOrEqual(1000);
    expect(await state()).toEqual(before);
  });
});
