// Server-time measurements of the scale features on a seeded database (bench/scale/seed.ts).
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import { POST as metricsRoute } from "@/app/api/v1/runs/[id]/metrics/route";
import { resolveContext } from "@/server/context";
import type { Db } from "@/server/db";
import { setRequestDb } from "@/server/db";
import { createCaller } from "@/server/root";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import { ingestMetrics } from "@/server/services/ingest";
import { refreshLeaderboard } from "@/server/services/leaderboard";
import { EXPERIMENT_NAME } from "./seed";
import { measure, once, summarize, type Timing } from "./timing";

export type Results = {
  leaderboard: {
    rows: number;
    /** This process's first call. */
    cold: { ms: number; cpuMs: number };
    /** The first call after a refresh rewrote every row. */
    afterChange: { ms: number; cpuMs: number };
    warm: Timing;
    refresh: { name: string; ms: number; cpuMs: number; tests: number }[];
    duringRefresh: Timing;
  };
  runsTable: Timing[];
  series: Timing[];
  seriesCold: { name: string; ms: number; cpuMs: number }[];
  compare: Timing[];
  ingestion: {
    path: string;
    points: number;
    seconds: number;
    pointsPerSecond: number;
    cpuSeconds: number;
    pointsPerCpuSecond: number;
  }[];
  loadAverage: number[];
};

const log = (msg: string) => console.error(`[measure] ${msg}`);

export async function measureScale(
  db: Db,
  o: { n: number; ingestPoints: number },
): Promise<Results> {
  const ctx = await resolveContext(db, new Headers(), "local");
  const api = createCaller(ctx);
  const {
    rows: [exp],
  } = await db.execute<{ id: string }>(
    sql`SELECT id FROM experiments WHERE name = ${EXPERIMENT_NAME} ORDER BY created_at DESC LIMIT 1`,
  );
  if (!exp) throw new Error("no seeded experiment: run `bench/scale/run.ts seed` first");
  const experimentId = exp.id;
  // Curve runs: the ones with the most points; evaluated runs: those with samples.
  const { rows: sizes } = await db.execute<{ run_id: string; n: number }>(sql`
    SELECT r.id AS run_id, r.step AS n FROM runs r WHERE r.experiment_id = ${experimentId} AND EXISTS (SELECT 1 FROM run_metric_chunks c WHERE c.run_id = r.id) ORDER BY r.index`);
  const big = sizes.reduce((a, b) => (Number(b.n) > Number(a.n) ? b : a));
  const curves = sizes
    .filter((s) => s.run_id !== big.run_id)
    .slice(0, 10)
    .map((s) => s.run_id);
  const { rows: evaluated } = await db.execute<{ run_id: string }>(
    sql`SELECT run_id FROM evaluations WHERE experiment_id = ${experimentId} AND sample_count > 0 ORDER BY run_id LIMIT 2`,
  );
  const [a, b] = evaluated.map((r) => r.run_id) as [string, string];
  const n = o.n;

  log("leaderboard.get");
  const leaderboard = {
    ...(await measureLeaderboard(db, experimentId, () => api.leaderboard.get({ experimentId }))),
    duringRefresh: await requestsDuringRefresh(db, experimentId, () =>
      api.runs.table({ experimentId, offset: 0, limit: 100 }),
    ),
  };

  log("runs.table");
  const table = (name: string, input: Record<string, unknown>) =>
    measure(
      `runs.table ${name}`,
      () => api.runs.table({ experimentId, offset: 0, limit: 100, ...input }),
      { n },
    );
  const runsTable = [
    await table("first page (grid order)", {}),
    await table("sort param.learningRate desc", {
      sort: { key: "param.learningRate", dir: "desc" },
    }),
    await table("sort metric.train/loss asc", { sort: { key: "metric.train/loss", dir: "asc" } }),
    await table("filter loraRank=8, tag keep, sort chrf", {
      filters: [
        { key: "param.loraRank", op: "eq", value: 8 },
        { key: "tag", op: "eq", value: "keep" },
      ],
      sort: { key: "metric.chrf", dir: "desc" },
    }),
    await table("group by status", { groupBy: "status" }),
    await table("page at offset 5,000", { offset: 5000, sort: { key: "meta.cost", dir: "asc" } }),
  ];

  log("series.get");
  // Cold means no tile pyramid yet: drop what an earlier measurement built.
  await db.execute(sql`DELETE FROM run_metric_tiles`);
  await db.execute(sql`DELETE FROM run_metric_tile_state`);
  const seriesCold: Results["seriesCold"] = [];
  const cold = async (name: string, fn: () => Promise<unknown>) => {
    const { ms, cpuMs } = await once(fn);
    seriesCold.push({ name, ms, cpuMs });
  };
  const tenRuns = () =>
    api.series.get({ runIds: curves, names: ["train/loss"], x: "step", maxPoints: 1000 });
  const bigOne = () =>
    api.series.get({ runIds: [big.run_id], names: ["train/loss"], x: "step", maxPoints: 1000 });
  await cold(`10 runs × ${sizes[0]?.n} points, first read (builds tiles)`, tenRuns);
  await cold(`1 run × ${big.n} points, first read (builds tiles)`, bigOne);
  const out = await tenRuns();
  log(
    `  ${out.series.length} series, ${out.series.map((s) => s.points.length).join("/")} points, totals ${out.series[0]?.total}`,
  );
  const series = [
    await measure(`series.get 10 runs × ${sizes[0]?.n} points (step)`, tenRuns, { n }),
    await measure(
      `series.get 10 runs × ${sizes[0]?.n} points (wall time)`,
      () => api.series.get({ runIds: curves, names: ["train/loss"], x: "time", maxPoints: 1000 }),
      { n },
    ),
    await measure(`series.get 1 run × ${big.n} points`, bigOne, { n }),
  ];

  log("compare");
  const samples = (name: string, input: Record<string, unknown>) =>
    measure(
      `compare.samples ${name}`,
      () => api.compare.samples({ runIds: [a, b], offset: 0, limit: 50, ...input }),
      { n },
    );
  const compare = [
    await samples("regression order", {}),
    await samples("filter b_better", { filter: "b_better" }),
    await samples("search + index order, page 10", { search: "2024", sort: "index", offset: 450 }),
    await measure(
      "compare.get 2 runs (config diff, CIs, paired tests)",
      () => api.compare.get({ runIds: [a, b], baselineRunId: a }),
      { n: Math.min(n, 10), warmup: 1 },
    ),
  ];

  log("ingestion");
  const ingestion: Results["ingestion"] = [];
  const {
    rows: [target],
  } = await db.execute<{ id: string }>(
    sql`SELECT id FROM runs WHERE experiment_id = ${experimentId} AND NOT EXISTS (SELECT 1 FROM run_metric_chunks c WHERE c.run_id = runs.id) ORDER BY index DESC LIMIT 1`,
  );
  const batch = (from: number, size: number) => ({
    points: Array.from({ length: size }, (_, i) => ({
      name: i % 2 ? "train/loss" : "train/grad_norm",
      step: from + (i >> 1),
      value: Math.random(),
      time: 1.7e9 + from + i,
    })),
  });
  const BATCH = 100_000;
  let t0 = performance.now(),
    c0 = process.cpuUsage(),
    stored = 0;
  const push = (path: string, points: number, total = points) => {
    const seconds = (performance.now() - t0) / 1000,
      c = process.cpuUsage(c0),
      cpuSeconds = (c.user + c.system) / 1e6;
    ingestion.push({
      path,
      points,
      seconds: round(seconds),
      pointsPerSecond: Math.round(total / seconds),
      cpuSeconds: round(cpuSeconds),
      pointsPerCpuSecond: Math.round(total / cpuSeconds),
    });
  };
  for (let k = 0; k < o.ingestPoints / BATCH; k++) {
    const r = await ingestMetrics({
      ctx,
      input: { runId: target!.id, ...IngestMetricsRequest.parse(batch(k * BATCH, BATCH)) },
    });
    stored += r.inserted;
  }
  push("service (zod-parsed batches of 100k)", stored);
  // Through the route handler: JSON body, token-less local caller, zod, the same service.
  setRequestDb(db);
  t0 = performance.now();
  c0 = process.cpuUsage();
  stored = 0;
  for (let k = 0; k < o.ingestPoints / BATCH / 2; k++) {
    const body = JSON.stringify(batch(10_000_000 + k * BATCH, BATCH));
    const res = await metricsRoute(
      new Request(`http://localhost/api/v1/runs/${target!.id}/metrics`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
      }),
      { params: Promise.resolve({ id: target!.id }) },
    );
    stored += ((await res.json()) as { inserted: number }).inserted;
  }
  push("POST /api/v1/runs/{id}/metrics (JSON body, batches of 100k)", stored);
  // A replayed batch (all points already stored): the conflict path.
  t0 = performance.now();
  c0 = process.cpuUsage();
  const r = await ingestMetrics({
    ctx,
    input: { runId: target!.id, ...IngestMetricsRequest.parse(batch(0, BATCH)) },
  });
  push("service, replayed batch (all duplicates, conflict path)", BATCH - r.inserted, BATCH);
  setRequestDb(null);
  return {
    leaderboard,
    runsTable,
    series,
    seriesCold,
    compare,
    ingestion,
    loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Forgets which best run every stored row was compared with: the refresh then tests each again. */
const staleBest = (db: Db, experimentId: string) =>
  db.execute(sql`UPDATE leaderboard_rows SET best_evaluation_id = 'stale'
    WHERE experiment_id = ${experimentId} AND best_evaluation_id IS NOT NULL`);

/** leaderboard.get cold (this process's first call) and warm, and the refresh job's cost. */
async function measureLeaderboard(
  db: Db,
  experimentId: string,
  get: () => Promise<{ rows: unknown[]; updating: boolean }>,
): Promise<Omit<Results["leaderboard"], "duringRefresh">> {
  const first = await once(get);
  if (first.value.updating)
    throw new Error("the leaderboard is not refreshed: seed again (its last step refreshes it)");
  const cold = { ms: first.ms, cpuMs: first.cpuMs };
  const warm = await measure("leaderboard.get", get, { n: 30, warmup: 0 });
  const refresh: Results["leaderboard"]["refresh"] = [];
  const timed = async (name: string) => {
    const t = await once(() => refreshLeaderboard(db, experimentId));
    refresh.push({ name, ms: t.ms, cpuMs: t.cpuMs, tests: t.value.tests });
  };
  // One row's values dropped: what a newly landed evaluation costs (its two tests).
  await db.execute(sql`DELETE FROM leaderboard_rows WHERE run_id = (SELECT run_id FROM leaderboard_rows
    WHERE experiment_id = ${experimentId} AND best_evaluation_id <> evaluation_id LIMIT 1)`);
  await timed("one evaluation landed");
  await staleBest(db, experimentId);
  await timed("the best run changed");
  // The first read after the refresh stored 100 new rows: what used to be the slow, cold call.
  const afterChange = await once(get);
  await timed("nothing changed");
  return {
    rows: first.value.rows.length,
    cold,
    afterChange: { ms: afterChange.ms, cpuMs: afterChange.cpuMs },
    warm,
    refresh,
  };
}

/** A request's time while the refresh job recomputes every row, in this process (as the embedded
 *  worker does next to the server): ~100 tests against the baseline (the ones against the best are
 *  memoised by now). */
async function requestsDuringRefresh(
  db: Db,
  experimentId: string,
  request: () => Promise<unknown>,
): Promise<Timing> {
  await request(); // its own caches warm, as on a page in use
  await db.execute(sql`DELETE FROM leaderboard_rows WHERE experiment_id = ${experimentId}`);
  let done = false;
  const refreshing = refreshLeaderboard(db, experimentId).finally(() => {
    done = true;
  });
  const wall: number[] = [];
  const cpu: number[] = [];
  while (!done) {
    const t = await once(request);
    wall.push(t.ms);
    cpu.push(t.cpuMs);
    // Requests arrive over the network, i.e. between turns of the event loop. In-process PGlite
    // answers in microtasks, so back-to-back calls here would never let the refresh's turn come.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await refreshing;
  return summarize("runs.table first page during a refresh of every row", wall, cpu);
}
