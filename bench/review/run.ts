// Next-item latency and vote throughput with 50 concurrent reviewers on one pairwise campaign,
// server time (in-process tRPC callers, as the Next server runs them), PGlite and PostgreSQL.
//   npx tsx bench/review/run.ts                                   # PGlite (a data folder)
//   BENCH_DATABASE_URL=postgres://… npx tsx bench/review/run.ts   # PostgreSQL (scratch database, dropped after)
// Options: --reviewers 50 --runs 4 --samples 500 --per-item 3 --seconds 20 --think-min 1000 --think-max 4000
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { numberArg, openScratchDb } from "@/bench/scratch-db";
import * as schema from "@/drizzle/schema";
import { mulberry32 } from "@/evals/rng";
import type { Ctx } from "@/server/ctx";
import type { Db } from "@/server/db";
import { createCaller } from "@/server/root";
import type { ReviewItem } from "@/server/schemas/reviews";
import { ensureLocalOwner } from "@/server/services/projects";
import { seedReview } from "./seed";

const o = {
  reviewers: numberArg("reviewers", 50),
  runs: numberArg("runs", 4),
  samples: numberArg("samples", 500),
  perItem: numberArg("per-item", 3),
  seconds: numberArg("seconds", 20),
  thinkMin: numberArg("think-min", 1000),
  thinkMax: numberArg("think-max", 4000),
};

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! * 10) / 10
    : NaN;
};
const summary = (name: string, xs: number[]) => ({
  name,
  n: xs.length,
  p50: pct(xs, 0.5),
  p95: pct(xs, 0.95),
  p99: pct(xs, 0.99),
  max: pct(xs, 1),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const db = await openScratchDb("tunebench_review_bench", { poolMax: o.reviewers + 10 });
  const pools: pg.Pool[] = [];
  try {
    const { user, projectId } = await ensureLocalOwner(db.db);
    const owner: Ctx = { db: db.db, user, projectId, role: "admin", via: "local" };
    const seeded = await seedReview(db.db, projectId, o);
    const created = await createCaller(owner).reviews.create({
      experimentId: seeded.experimentId,
      name: "bench",
      mode: "pairwise",
      runIds: seeded.runIds,
      sampleSize: o.samples,
      pairing: "all",
      sampling: { kind: "random", seed: 1 },
      reviewersPerItem: o.perItem,
      guidelines: "Pick the better translation.",
      reviewerIds: seeded.reviewerIds,
    });
    console.error(
      `${db.label}: campaign with ${created.items} items, ${created.slots} slots, ${o.reviewers} reviewers`,
    );
    // On PostgreSQL each reviewer gets its own connection, as 50 browser sessions hitting a server pool would.
    const reviewerDb = (): Db => {
      if (!db.url) return db.db;
      const pool = new pg.Pool({ connectionString: db.url, max: 1 });
      pools.push(pool);
      return drizzle(pool, { schema, casing: "snake_case" }) as unknown as Db;
    };
    const callers = seeded.reviewerIds.map(
      (id, i) =>
        createCaller({
          db: reviewerDb(),
          user: { id, name: `Reviewer ${i + 1}`, email: "" },
          projectId,
          role: "reviewer",
          via: "session",
        }).reviews,
    );

    // 1. Burst: every reviewer opens the page at the same instant (50 claims racing for the queue head).
    const burst: number[] = [];
    const current: (ReviewItem | null)[] = await Promise.all(
      callers.map(async (c) => {
        const t0 = performance.now();
        const item = await c.next({ campaignId: created.id });
        burst.push(performance.now() - t0);
        return item;
      }),
    );

    // 2. Closed loop: every reviewer votes as fast as the server answers (vote returns the next item).
    // 3. Paced: every reviewer thinks think-min..think-max ms per item, a fast human.
    const phase = async (label: string, think: boolean) => {
      const lat: number[] = [];
      let votes = 0;
      const until = performance.now() + o.seconds * 1000;
      await Promise.all(
        callers.map(async (c, r) => {
          const rand = mulberry32(r + (think ? 1000 : 0));
          while (performance.now() < until && current[r]) {
            if (think) await sleep(o.thinkMin + rand() * (o.thinkMax - o.thinkMin));
            if (performance.now() >= until) break;
            const t0 = performance.now();
            current[r] = await c.vote({
              slot: current[r]!.slot,
              pairwise: { choice: rand() < 0.45 ? "A" : rand() < 0.9 ? "B" : "tie" },
            });
            lat.push(performance.now() - t0);
            votes++;
          }
        }),
      );
      return { ...summary(label, lat), votesPerSecond: Math.round((votes / o.seconds) * 10) / 10 };
    };
    const closed = await phase("vote → next item, closed loop", false);
    const paced = await phase(`vote → next item, think ${o.thinkMin}-${o.thinkMax} ms`, true);

    // 4. Next item alone after a vote elsewhere: skip hands the slot back and claims a fresh one.
    const fresh: number[] = [];
    await Promise.all(
      callers.map(async (c, r) => {
        for (let k = 0; k < 5 && current[r]; k++) {
          const t0 = performance.now();
          current[r] = await c.skip({ slot: current[r]!.slot });
          fresh.push(performance.now() - t0);
        }
      }),
    );
    const t0 = performance.now();
    const results = await createCaller(owner).reviews.results({ campaignId: created.id });
    const resultsMs = performance.now() - t0;
    const out = {
      database: db.label,
      reviewers: o.reviewers,
      items: created.items,
      slots: created.slots,
      seconds: o.seconds,
      timings: [
        summary("first next (50 at once)", burst),
        closed,
        paced,
        summary("skip → next item (claim)", fresh),
      ],
      results: { votes: results.votes, ms: Math.round(resultsMs) },
    };
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await db.close();
    await db.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
