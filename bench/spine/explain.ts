// Query plans of the runs list and a loss curve on a seeded database, to check they use indexes.
//   BENCH_DATABASE_URL=postgres://… npx tsx bench/spine/explain.ts   (or no variable: PGlite in memory)
import { sql } from "drizzle-orm";
import pg from "pg";
import { resolveContext } from "@/server/context";
import { openDb } from "@/server/db";
import { seedExperiment } from "./seed";

const url = process.env.BENCH_DATABASE_URL;
const name = `tunebench_explain_${Date.now()}`;
const admin = async (q: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(q).finally(() => c.end());
};
if (url) await admin(`CREATE DATABASE ${name}`);
const target = url ? Object.assign(new URL(url), { pathname: `/${name}` }).toString() : undefined;
const { db, close } = await openDb({ url: target });
try {
  const ctx = await resolveContext(db, new Headers(), "local");
  const { experimentId, runIds } = await seedExperiment(ctx, { runs: 1000, pointsPerRun: 200, evalSamples: 5 });
  const plans = {
    "runs.list": sql`SELECT * FROM runs WHERE experiment_id = ${experimentId} ORDER BY index`,
    "runs.metrics": sql`SELECT name, step, value FROM run_metrics WHERE run_id = ${runIds[3]!} AND name IN ('train/loss') ORDER BY name, step`,
    "leaderboard rows": sql`SELECT * FROM runs JOIN evaluations ON evaluations.run_id = runs.id WHERE runs.experiment_id = ${experimentId} AND evaluations.status = 'completed'`,
  };
  for (const [label, query] of Object.entries(plans)) {
    const { rows } = await db.execute(sql`EXPLAIN ${query}`);
    console.log(`-- ${label}\n${rows.map((r) => Object.values(r)[0]).join("\n")}\n`);
  }
} finally {
  await close();
  if (url) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
