// p95 server time of the runs-list API and of the experiment page's data, with N runs × M metric
// points each, on PGlite (a data folder, as the embedded default) and on PostgreSQL.
//   npx tsx bench/spine/run.ts                          # PGlite
//   BENCH_DATABASE_URL=postgres://… npx tsx bench/spine/run.ts   # PostgreSQL (a scratch database is created and dropped)
// Options: --runs 1000 --points 1000 --eval-samples 50 --n 30 --slow-n 5
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { numberArg, openScratchDb } from "@/bench/scratch-db";
import { resolveContext } from "@/server/context";
import { createCaller } from "@/server/root";
import { measure, type Timing } from "./measure";
import { seedExperiment } from "./seed";

const opts = {
  runs: numberArg("runs", 1000),
  pointsPerRun: numberArg("points", 1000),
  evalSamples: numberArg("eval-samples", 50),
};
const n = numberArg("n", 30);
// Fewer reps for the whole page and the leaderboard (which computed paired bootstraps on every
// call before issue #15; it now reads what the seed's refresh stored).
const slowN = numberArg("slow-n", 1);

async function main() {
  const db = await openScratchDb("tunebench_bench");
  try {
    const ctx = await resolveContext(db.db, new Headers(), "local");
    console.error(`seeding ${opts.runs} runs × ${opts.pointsPerRun} points on ${db.label}…`);
    const seeded = await seedExperiment(ctx, opts);
    console.error(
      `seeded in ${seeded.seedSeconds.toFixed(1)} s (${Math.round(seeded.rowsPerSecond)} rows/s); leaderboard refresh ${seeded.leaderboardRefreshSeconds.toFixed(1)} s`,
    );
    const api = createCaller(ctx);
    const experimentId = seeded.experimentId;
    // What the experiment page loads: the experiment, its runs, the leaderboard, and the loss
    // curves of the first 20 trained runs (app/experiments/_components/loss-curves.tsx).
    const curves = seeded.runIds.slice(0, 20);
    const pageWithout = () =>
      Promise.all([
        api.experiments.get({ experimentId }),
        api.runs.list({ experimentId }),
        ...curves.map((runId) => api.runs.metrics({ runId, names: ["train/loss"] })),
      ]);
    const page = () => Promise.all([pageWithout(), api.leaderboard.get({ experimentId })]);
    const timings: Timing[] = [];
    for (const [name, fn, reps] of [
      ["runs.list (1 experiment)", () => api.runs.list({ experimentId }), n],
      ["experiments.get", () => api.experiments.get({ experimentId }), n],
      [
        "runs.metrics (1 run, train/loss)",
        () => api.runs.metrics({ runId: seeded.runIds[7]!, names: ["train/loss"] }),
        n,
      ],
      ["experiment page without leaderboard (get + runs + 20 loss curves)", pageWithout, n],
      ["leaderboard.get", () => api.leaderboard.get({ experimentId }), slowN],
      ["experiment page (all of the above)", page, slowN],
    ] as const) {
      const t = await measure(name, fn, { n: reps, warmup: reps === slowN ? 0 : 3 });
      timings.push(t);
      console.error(`${name}: p50 ${t.p50} ms, p95 ${t.p95} ms, max ${t.max} ms`);
    }
    const result = {
      database: db.label,
      ...opts,
      seedSeconds: seeded.seedSeconds,
      rowsPerSecond: Math.round(seeded.rowsPerSecond),
      timings,
      at: new Date().toISOString(),
    };
    const out = path.join(import.meta.dirname, "out");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `${db.kind}.json`), JSON.stringify(result, null, 2));
    console.log(table(result.database, timings));
  } finally {
    await db.close();
    await db.cleanup();
  }
}

function table(label: string, timings: Timing[]): string {
  const rows = timings.map((t) => `| ${label} | ${t.name} | ${t.p50} | ${t.p95} | ${t.max} |`);
  return [
    "| database | query | p50 ms | p95 ms | max ms |",
    "| --- | --- | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
