import { mkdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { insertPointRows } from "@/bench/seed-points";
import { seedBenchExperiment } from "@/bench/tunebench-seed";
import { openDb } from "@/server/db";

/**
 * The browser benchmark's own data when no scale seed is given: one experiment with `runs` runs
 * (varied hyperparameters, eval scores and losses in runs.summary, tags, cost) and `seriesRuns`
 * runs with `points` train/loss points each, all written in SQL with generate_series.
 */
export async function seedFallback(
  pgliteDir: string,
  o: { runs: number; seriesRuns: number; points: number },
) {
  const t0 = performance.now();
  mkdirSync(path.dirname(pgliteDir), { recursive: true });
  const { db, close } = await openDb({ dataDir: pgliteDir });
  try {
    const name = `browser bench ${o.runs} runs`;
    const { projectId, experimentId } = await seedBenchExperiment(db, name, { evalFile: true });
    await db.execute(sql`INSERT INTO runs (id, project_id, experiment_id, index, is_baseline, name, status, hyperparams, spec, summary, tags, cost, started_at, finished_at, step, total_steps)
      SELECT gen_random_uuid()::text, ${projectId}, ${experimentId}, g, false, 'run-' || g, 'evaluated',
        jsonb_build_object('learningRate', (1 + g % 10) * 1e-4, 'loraRank', (4 << (g % 4)), 'epochs', 1 + g % 3, 'batchSize', 8),
        '{}'::jsonb,
        jsonb_build_object('chrf', 40 + (g * 7919 % 5000) / 100.0, 'accuracy', (g * 104729 % 10000) / 100.0, 'train/loss', 0.5 + (g * 31 % 1000) / 1000.0),
        CASE WHEN g % 7 = 0 THEN ARRAY['sweep-a'] ELSE ARRAY['sweep-b'] END,
        jsonb_build_object('usd', round((0.2 + (g % 50) / 10.0)::numeric, 2), 'parts', jsonb_build_object('training', 0.2, 'evaluation', 0.05, 'judge', null)),
        now() - interval '2 hours', now() - interval '1 hour', 100, 100
      FROM generate_series(1, ${o.runs}) AS g`);
    await insertPointRows(
      db,
      sql`SELECT r.id, 'train/loss', s, 2.5 / sqrt(s) + random() * 0.05, now() - interval '1 hour' + s * interval '10 ms'
      FROM (SELECT id FROM runs WHERE experiment_id = ${experimentId} ORDER BY index LIMIT ${o.seriesRuns}) r, generate_series(1, ${o.points}) AS s`,
    );
    await db.execute(sql`ANALYZE`);
    return { ...o, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await close();
  }
}
