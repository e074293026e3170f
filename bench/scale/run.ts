// Scale benchmark: seed once, then measure server time (see bench/scale/README.md).
//   npx tsx bench/scale/run.ts seed    [--data-dir data/bench-scale] [--runs 10000] [--curve-runs 100] [--curve-points 100000] [--big-points 1000000] [--eval-runs 100] [--samples 1000]
//   npx tsx bench/scale/run.ts measure [--data-dir data/bench-scale] [--n 30] [--ingest-points 1000000]
// PostgreSQL instead of PGlite: BENCH_DATABASE_URL=postgres://…/tunebench_scale (the database must exist).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb } from "@/server/db";
import { measureScale } from "./measure";
import { seedScale } from "./seed";

const { positionals, values: args } = parseArgs({
  allowPositionals: true,
  options: {
    "data-dir": { type: "string", default: "data/bench-scale" },
    runs: { type: "string", default: "10000" },
    "curve-runs": { type: "string", default: "100" },
    "curve-points": { type: "string", default: "100000" },
    "big-points": { type: "string", default: "1000000" },
    "eval-runs": { type: "string", default: "100" },
    samples: { type: "string", default: "1000" },
    n: { type: "string", default: "30" },
    "ingest-points": { type: "string", default: "1000000" },
  },
});

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  const label = url ? "postgres" : "pglite";
  const db = await openDb(url ? { url } : { dataDir: path.join(args["data-dir"], "pglite") });
  try {
    if (positionals[0] === "seed") {
      const o = {
        runs: +args.runs,
        curveRuns: +args["curve-runs"],
        curvePoints: +args["curve-points"],
        bigPoints: +args["big-points"],
        evalRuns: +args["eval-runs"],
        samples: +args.samples,
      };
      const t0 = performance.now();
      const seeded = await seedScale(db.db, o);
      const total = (performance.now() - t0) / 1000;
      console.log(
        JSON.stringify(
          { db: label, options: o, ...seeded, totalSeconds: Math.round(total) },
          null,
          2,
        ),
      );
      write(`seed-${label}.json`, {
        db: label,
        options: o,
        ...seeded,
        totalSeconds: Math.round(total),
      });
    } else if (positionals[0] === "measure") {
      const results = await measureScale(db.db, {
        n: +args.n,
        ingestPoints: +args["ingest-points"],
      });
      const out = { db: label, when: new Date().toISOString(), ...results };
      write(`measure-${label}.json`, out);
      print(out);
    } else throw new Error("usage: run.ts seed|measure [options]");
  } finally {
    await db.close();
  }
}

function write(file: string, data: unknown) {
  mkdirSync("bench/scale/out", { recursive: true });
  writeFileSync(path.join("bench/scale/out", file), JSON.stringify(data, null, 2));
}

function print(r: Awaited<ReturnType<typeof measureScale>> & { db: string }) {
  console.log(
    `\n${r.db} (load average ${r.loadAverage.join(" ")}): p50 / p95 / max wall ms, p50 CPU ms`,
  );
  const lb = r.leaderboard;
  console.log(
    `| leaderboard.get cold (${lb.rows} rows) | ${lb.cold.ms} ms | CPU ${lb.cold.cpuMs} ms |`,
  );
  for (const t of [lb.warm, lb.duringRefresh])
    console.log(`| ${t.name} | ${t.p50} | ${t.p95} | ${t.max} | ${t.cpuP50} |`);
  for (const f of lb.refresh)
    console.log(`| refresh: ${f.name} | ${f.tests} tests | ${f.ms} ms | CPU ${f.cpuMs} ms |`);
  for (const t of [...r.runsTable, ...r.series, ...r.compare])
    console.log(`| ${t.name} | ${t.p50} | ${t.p95} | ${t.max} | ${t.cpuP50} |`);
  for (const c of r.seriesCold) console.log(`| cold: ${c.name} | ${c.ms} ms | CPU ${c.cpuMs} ms |`);
  for (const i of r.ingestion)
    console.log(
      `| ingest: ${i.path} | ${i.points} points | ${i.seconds} s | ${i.pointsPerSecond} points/s | ${i.pointsPerCpuSecond} points/CPU-s |`,
    );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
