// Ingestion end to end: POST /api/v1/runs/{id}/metrics against a real `next start`, timed from this
// client. Default: 10 runs × 100,000 points in 10,000-point requests (issue #15's target).
//   npx tsx bench/ingest/run.ts                                        # PGlite (a fresh data folder)
//   BENCH_DATABASE_URL=postgres://… npx tsx bench/ingest/run.ts        # PostgreSQL (scratch database)
// Options: --runs 10 --points 100000 --batch 10000 --concurrency 4 --rounds 3 [--series]
// (--series: each request in the columnar shape, { series: [{ name, steps, values, times }] })
// Needs a build: TUNEBENCH_NEXT_DIST_DIR=.next-bench npx next build (then the same variable here).
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { numberArg, openScratchDb } from "@/bench/scratch-db";
import { startTunebench } from "@/bench/servers";
import { seedRuns } from "@/bench/tunebench-seed";

const o = {
  runs: numberArg("runs", 10),
  points: numberArg("points", 100_000),
  batch: numberArg("batch", 10_000),
  concurrency: numberArg("concurrency", 4),
  rounds: numberArg("rounds", 3),
  series: process.argv.includes("--series"),
};

const valueAt = (step: number) => 2.5 / Math.sqrt(step + 1) + (step % 7) * 1e-3;
const timeAt = (step: number) => 1.7e9 + step * 0.1;

/** One request body: `size` points of one series from `from` on, a point object each. */
export const metricsBody = (from: number, size: number, name = "train/loss") =>
  JSON.stringify({
    points: Array.from({ length: size }, (_, i) => ({
      name,
      step: from + i,
      value: valueAt(from + i),
      time: timeAt(from + i),
    })),
  });

/** The same points in the columnar shape. */
export const seriesBody = (from: number, size: number, name = "train/loss") => {
  const steps = Array.from({ length: size }, (_, i) => from + i);
  return JSON.stringify({
    series: [{ name, steps, values: steps.map(valueAt), times: steps.map(timeAt) }],
  });
};

/** Posts every body of every run (each run's in order, `concurrency` runs at once); points/s. */
export async function postAll(
  url: string,
  bodies: Map<string, string[]>,
  concurrency: number,
): Promise<{ seconds: number; inserted: number }> {
  const queue = [...bodies.entries()];
  let inserted = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const [runId, list] = job;
        for (const body of list) {
          const res = await fetch(`${url}/api/v1/runs/${runId}/metrics`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          });
          if (!res.ok) throw new Error(`ingest ${res.status}: ${await res.text()}`);
          const answer = (await res.json()) as { inserted: number; received: number };
          if (answer.inserted !== answer.received) console.error(runId, body.length, answer);
          inserted += answer.inserted;
        }
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, inserted };
}

async function main() {
  const scratch = await openScratchDb("tunebench_ingest");
  const results: Record<string, unknown>[] = [];
  try {
    const { runIds } = await seedRuns(scratch.db, "ingestion bench", o.runs * o.rounds);
    await scratch.close(); // PGlite serves one process: the server opens the folder next
    const server = await startTunebench(
      scratch.url ? { databaseUrl: scratch.url } : { pgliteDir: scratch.dataDir! },
    );
    try {
      for (let round = 0; round < o.rounds; round++) {
        const bodies = new Map<string, string[]>();
        for (const runId of runIds.slice(round * o.runs, (round + 1) * o.runs))
          bodies.set(
            runId,
            Array.from({ length: Math.ceil(o.points / o.batch) }, (_, k) =>
              (o.series ? seriesBody : metricsBody)(
                k * o.batch,
                Math.min(o.batch, o.points - k * o.batch),
              ),
            ),
          );
        const cpu0 = server.cpuSeconds();
        const r = await postAll(server.url, bodies, o.concurrency);
        const cpu = server.cpuSeconds() - cpu0;
        const total = o.runs * o.points;
        if (r.inserted !== total) throw new Error(`stored ${r.inserted} of ${total} points`);
        const row = {
          round,
          points: total,
          seconds: Math.round(r.seconds * 100) / 100,
          pointsPerSecond: Math.round(total / r.seconds),
          serverCpuSeconds: Math.round(cpu * 100) / 100,
          pointsPerServerCpuSecond: Math.round(total / cpu),
          serverRssMiB: Math.round(server.rssMiB()),
          loadAverage: loadavg()[0]!.toFixed(1),
        };
        results.push(row);
        console.error(JSON.stringify(row));
      }
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.cleanup();
  }
  const out = path.resolve(import.meta.dirname, "out");
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, `${scratch.url ? "postgres" : "pglite"}.json`),
    JSON.stringify({ options: o, database: scratch.label, results }, null, 2),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
