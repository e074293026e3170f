// Query plans of the runs list and a loss curve on a seeded database, to check they use indexes.
//   BENCH_DATABASE_URL=postgres://… npx tsx bench/spine/explain.ts   (or no variable: PGlite in a temporary folder)
import { sql } from "drizzle-orm";
import { openScratchDb } from "@/bench/scratch-db";
import { resolveContext } from "@/server/context";
import { seedExperiment } from "./seed";

const db = await openScratchDb("tunebench_explain");
try {
  const ctx = await resolveContext(db.db, new Headers(), "local");
  const { experimentId, runIds } = await seedExperiment(ctx, {
    runs: 1000,
    pointsPerRun: 200,
    evalSamples: 5,
  });
  const plans = {
    "runs.list": sql`SELECT * FROM runs WHERE experiment_id = ${experimentId} ORDER BY index`,
    "runs.metrics": sql`SELECT name, chunk, steps, values FROM run_metric_chunks WHERE run_id = ${runIds[3]!} AND name IN ('train/loss') ORDER BY name, chunk`,
    "leaderboard rows": sql`SELECT * FROM runs JOIN evaluations ON evaluations.run_id = runs.id WHERE runs.experiment_id = ${experimentId} AND evaluations.status = 'completed'`,
  };
  for (const [label, query] of Object.entries(plans)) {
    const { rows } = await db.db.execute(sql`EXPLAIN ${query}`);
    console.log(`-- ${label}\n${rows.map((r) => Object.values(r)[0]).join("\n")}\n`);
  }
} finally {
  await db.close();
  await db.cleanup();
}
