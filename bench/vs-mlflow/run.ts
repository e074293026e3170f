// Tunebench (PGlite, `next start`) against MLflow (its SQLite store, 4 workers) on this machine, in
// alternating rounds, each on fresh servers that this script starts and stops. Medians go to
// bench/vs-mlflow/out/results.json and stdout. Setup: bash bench/vs-mlflow/setup.sh, and a build
// (TUNEBENCH_NEXT_DIST_DIR=.next-bench npx next build, the same variable here).
//   npx tsx bench/vs-mlflow/run.ts [--rounds 2] [--repeats 5]
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { numberArg } from "@/bench/scratch-db";
import { mlflowTarget, type Target, tunebenchTarget } from "./targets";

const ROUNDS = numberArg("rounds", 2);
const REPEATS = numberArg("repeats", 5);
/** Two runs per ingestion shape, ingested two at a time. */
const SHAPES = [
  {
    row: "ingest 2 × 50,000 points, 1,000-point batches",
    points: 50_000,
    batch: { ours: 1000, mlflow: 1000 },
  },
  // MLflow's log-batch takes at most 1,000 metrics; ours takes 100,000 per request.
  {
    row: "ingest 2 × 100,000 points, largest batch each takes (10,000 vs 1,000)",
    points: 100_000,
    batch: { ours: 10_000, mlflow: 1000 },
  },
] as const;

type System = "tunebench" | "mlflow";
const samples = new Map<string, Record<System, number[]>>();
const record = (row: string, system: System, value: number) => {
  const r = samples.get(row) ?? { tunebench: [], mlflow: [] };
  r[system].push(value);
  samples.set(row, r);
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

async function round(system: System) {
  // Two runs per shape, and one to warm the server with.
  const runCount = 2 * SHAPES.length + 1;
  const target: Target =
    system === "tunebench" ? await tunebenchTarget(runCount) : await mlflowTarget(runCount);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, target.server.rssMiB())), 500);
  try {
    // Not recorded, on both servers alike: Next loads a route's modules on its first request, so
    // without this "first read" below would measure the process's cold start, not a fresh series.
    const warm = target.runs[runCount - 1]!;
    for (const b of target.bodies(warm, 1000, 1000)) await target.post(warm, b);
    await target.chart(warm);
    for (const [k, shape] of SHAPES.entries()) {
      const runs = target.runs.slice(2 * k, 2 * k + 2);
      const bodies = runs.map((r) =>
        target.bodies(
          r,
          shape.points,
          system === "tunebench" ? shape.batch.ours : shape.batch.mlflow,
        ),
      );
      const t = await ms(() =>
        Promise.all(
          runs.map(async (r, i) => {
            for (const b of bodies[i]!) await target.post(r, b);
          }),
        ),
      );
      record(`${shape.row} (points/s)`, system, (2 * shape.points) / (t / 1000));
      const label = `${shape.points.toLocaleString("en-US")}-point series`;
      record(
        `chart, first read of a fresh ${label} (ms)`,
        system,
        await ms(() => target.chart(runs[0]!)),
      );
      const again: number[] = [];
      for (let i = 0; i < REPEATS; i++) again.push(await ms(() => target.chart(runs[1]!)));
      record(`chart, repeated read of a ${label} (ms)`, system, median(again));
    }
    const lists: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      let n = 0;
      lists.push(await ms(async () => (n = await target.listing())));
      if (n !== 1000) throw new Error(`${system} listed ${n} runs`);
    }
    record("list 1,000 runs with params and latest metrics (ms)", system, median(lists));
    const exports: number[] = [];
    for (let i = 0; i < 3; i++) {
      let n = 0;
      exports.push(await ms(async () => (n = await target.export(target.runs[2]!))));
      if (n !== 100_000) throw new Error(`${system} exported ${n} points`);
    }
    record("export a 100,000-point series (ms)", system, median(exports));
    record(
      "server memory, peak RSS of the process tree (MiB)",
      system,
      Math.max(peak, target.server.rssMiB()),
    );
  } finally {
    clearInterval(sampler);
    await target.cleanup();
  }
}

async function main() {
  const loads: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate who goes first, so load drifts on the shared machine hit both alike.
    for (const system of (r % 2 ? ["mlflow", "tunebench"] : ["tunebench", "mlflow"]) as System[]) {
      console.error(`round ${r + 1}/${ROUNDS}: ${system}`);
      await round(system);
      loads.push(loadavg()[0]!);
    }
  }
  const mlflowVersion = execFileSync(
    path.resolve(import.meta.dirname, ".venv/bin/mlflow"),
    ["--version"],
    {
      encoding: "utf8",
    },
  ).trim();
  const pkg = JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8"),
  );
  const rows = [...samples].map(([row, v]) => {
    const ours = median(v.tunebench),
      theirs = median(v.mlflow);
    const higherIsBetter = row.includes("points/s");
    return {
      row,
      tunebench: Math.round(ours * 10) / 10,
      mlflow: Math.round(theirs * 10) / 10,
      advantage: Math.round((higherIsBetter ? ours / theirs : theirs / ours) * 10) / 10,
      samples: v,
    };
  });
  const result = {
    date: new Date().toISOString(),
    versions: {
      mlflow: mlflowVersion,
      tunebench: pkg.version,
      node: process.version,
      pglite: pkg.dependencies["@electric-sql/pglite"],
    },
    rounds: ROUNDS,
    repeats: REPEATS,
    loadAverages: loads.map((l) => Math.round(l * 10) / 10),
    rows,
  };
  const out = path.resolve(import.meta.dirname, "out");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "results.json"), JSON.stringify(result, null, 2));
  for (const r of rows)
    console.log(`${r.row}: Tunebench ${r.tunebench}, MLflow ${r.mlflow} → ${r.advantage}×`);
}

await main();
