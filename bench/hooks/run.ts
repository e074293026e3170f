// Throughput and latency of the generic training-finished hook, called in-process with real
// Request objects (as Next's route handler calls it), on PGlite (a data folder, the embedded
// default) or PostgreSQL. Deliveries are signed as a sender would; 20% are exact re-sends.
//   npx tsx bench/hooks/run.ts                                     # PGlite
//   BENCH_DATABASE_URL=postgres://… npx tsx bench/hooks/run.ts     # PostgreSQL (scratch database, dropped after)
// Options: --runs 200 --deliveries 1000 --concurrency 50 --rate 0 (deliveries/s; 0 = as fast as possible)
import { createHmac, randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { eq } from "drizzle-orm";
import { numberArg, openScratchDb } from "@/bench/scratch-db";
import { hookDeliveries, jobs } from "@/drizzle/schema";
import type { JobKind } from "@/server/jobs";
import { handleGenericHook } from "@/server/services/hooks";
import { rotateSecret } from "@/server/services/settings";
import { hookFixture } from "@/tests/server/services/hooks/helpers";

const RUNS = numberArg("runs", 200),
  TOTAL = numberArg("deliveries", 1000),
  CONCURRENCY = numberArg("concurrency", 50),
  RATE = numberArg("rate", 0);

const db = await openScratchDb("tunebench_bench_hooks");
try {
  const fx = await hookFixture(db.db, { slug: "bench", runCount: RUNS });
  const { secret } = await rotateSecret(db.db, fx.projectId, "hooks.generic");
  const sign = (body: string) => {
    const ts = String(Math.floor(Date.now() / 1000));
    return {
      "content-type": "application/json",
      "x-tunebench-timestamp": ts,
      "x-tunebench-signature": `v1=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`,
    };
  };
  // Every run once, then random runs; every 4th delivery after the first round re-sends an earlier one.
  const plan: { body: string; headers: Record<string, string> }[] = [];
  for (let n = 0; n < TOTAL; n++) {
    if (n >= RUNS && n % 4 === 0) {
      plan.push(plan[Math.floor(Math.random() * plan.length)]!);
      continue;
    }
    const runId = fx.runIds[n < RUNS ? n : Math.floor(Math.random() * RUNS)]!;
    const body = JSON.stringify({
      deliveryId: randomUUID(),
      runId,
      status: "succeeded",
      artifact: `s3://bench/${runId}/`,
    });
    plan.push({ body, headers: sign(body) });
  }
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const n = next++;
        if (n >= plan.length) return;
        if (RATE > 0) {
          const due = started + (n / RATE) * 1000 - performance.now();
          if (due > 0) await new Promise((r) => setTimeout(r, due));
        }
        const t0 = performance.now();
        const res = await handleGenericHook(
          db.db,
          new Request("http://bench/api/hooks/generic/bench", {
            method: "POST",
            headers: plan[n]!.headers,
            body: plan[n]!.body,
          }),
          fx.projectId,
        );
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  const evaluations = await db.db.$count(jobs, eq(jobs.kind, "run.evaluate" satisfies JobKind));
  console.log(
    JSON.stringify({
      database: db.label,
      runs: RUNS,
      deliveries: TOTAL,
      duplicates: TOTAL - new Set(plan).size,
      concurrency: CONCURRENCY,
      rate: RATE || "max",
      wallSeconds: +wall.toFixed(2),
      perSecond: Math.round(TOTAL / wall),
      latencyMs: { p50: +q(0.5), p95: +q(0.95), p99: +q(0.99), max: +latencies.at(-1)!.toFixed(1) },
      statuses: Object.fromEntries(statuses),
      deliveriesStored: await db.db.$count(hookDeliveries),
      evaluationJobs: evaluations,
      machine: { cpus: cpus().length, loadavg1m: +loadavg()[0]!.toFixed(2) },
    }),
  );
} finally {
  await db.close();
  await db.cleanup();
}
