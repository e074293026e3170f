// Seeds the scale benchmark's data: one project (the local owner's default project, so a
// `next start` on the same data folder shows it) with one experiment of RUNS runs, CURVE_RUNS
// runs × CURVE_POINTS train/loss points, one run with BIG_POINTS points, and EVAL_RUNS evaluated
// runs × SAMPLES per-sample results. Bulk rows are written with INSERT … SELECT generate_series
// (seeding is not what is measured; ingestion is measured separately in measure.ts).

import { sql } from "drizzle-orm";
import { insertPointRows } from "@/bench/seed-points";
import { runs } from "@/drizzle/schema";
import { resolveContext } from "@/server/context";
import type { Db } from "@/server/db";
import { createCaller } from "@/server/root";
import { refreshRunCosts } from "@/server/services/cost";
import { refreshLeaderboard } from "@/server/services/leaderboard";

export type ScaleOptions = {
  runs: number;
  curveRuns: number;
  curvePoints: number;
  bigPoints: number;
  evalRuns: number;
  samples: number;
};
export const EXPERIMENT_NAME = "scale benchmark";

const log = (msg: string) =>
  console.error(`[seed ${new Date().toISOString().slice(11, 19)}] ${msg}`);

export async function seedScale(
  db: Db,
  o: ScaleOptions,
): Promise<{ experimentId: string; seconds: Record<string, number> }> {
  const seconds: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    seconds[name] = Math.round((performance.now() - t0) / 100) / 10;
    log(`${name}: ${seconds[name]} s`);
    return out;
  };
  const ctx = await resolveContext(db, new Headers(), "local");
  const api = createCaller(ctx);
  const experimentId = await step("experiment", async () => {
    const line = (i: number) =>
      JSON.stringify({
        prompt: `2024-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")} #${i}`,
        completion: `${(i % 28) + 1}/${(i % 12) + 1}/2024`,
      });
    const { versionId } = await api.datasets.upload({
      name: `scale ${Date.now()}`,
      trainJsonl: Array.from({ length: 50 }, (_, i) => line(i)).join("\n"),
      evalJsonl: Array.from({ length: o.samples }, (_, i) => line(1000 + i)).join("\n"),
    });
    const exp = await api.experiments.create({
      name: EXPERIMENT_NAME,
      baseModel: "bench/none",
      datasetVersionId: versionId,
      grid: { learningRate: [1e-4], loraRank: [8], epochs: [1] },
      evalSuite: { metrics: ["accuracy", "chrf"], primaryMetric: "chrf" },
    });
    return exp.id;
  });

  await step("runs", () =>
    db.execute(sql`INSERT INTO runs (id, project_id, experiment_id, index, is_baseline, name, status, hyperparams, spec, tags, device, started_at, finished_at, step, total_steps, epoch, tokens_seen, created_at)
      SELECT gen_random_uuid()::text, r.project_id, r.experiment_id, g, false, 'run ' || g,
        (CASE WHEN g <= ${o.evalRuns} THEN 'evaluated' WHEN g % 20 = 0 THEN 'failed' WHEN g % 33 = 0 THEN 'cancelled' ELSE 'succeeded' END)::run_status,
        jsonb_build_object('learningRate', (1 + g % 10) * 1e-4, 'loraRank', 4 << (g % 4), 'epochs', 1 + g % 3, 'batchSize', 8 << (g % 2), 'loraAlpha', 16),
        jsonb_set(jsonb_set(r.spec, '{training,learningRate}', to_jsonb((1 + g % 10) * 1e-4)), '{lora,r}', to_jsonb(4 << (g % 4))),
        CASE WHEN g % 7 = 0 THEN ARRAY['sweep-a', 'keep'] WHEN g % 5 = 0 THEN ARRAY['sweep-b'] ELSE ARRAY['sweep-a'] END,
        'cuda', now() - interval '3 hours' - (g % 100) * interval '1 minute', now() - interval '1 hour',
        ${o.curvePoints}, ${o.curvePoints}, 1 + g % 3, ${o.curvePoints} * 4096::bigint, now() - (${o.runs} - g) * interval '1 second'
      FROM runs r, generate_series(2, ${o.runs}) AS g WHERE r.experiment_id = ${experimentId} AND r.index = 1`),
  );
  await db.execute(sql`UPDATE runs SET status = 'evaluated', device = 'cuda', started_at = now() - interval '3 hours', finished_at = now() - interval '1 hour',
    step = ${o.curvePoints}, total_steps = ${o.curvePoints}, epoch = 1, tokens_seen = ${o.curvePoints} * 4096::bigint WHERE experiment_id = ${experimentId} AND index <= 1`);
  const ordered = (
    await db
      .select({ id: runs.id, index: runs.index })
      .from(runs)
      .where(sql`${runs.experimentId} = ${experimentId} AND NOT ${runs.isBaseline}`)
      .orderBy(runs.index)
  ).map((r) => r.id);
  const curveRuns = ordered.slice(0, o.curveRuns);
  const bigRun = ordered[o.curveRuns]!;
  const evalRuns = ordered.slice(0, o.evalRuns);
  const baseline = (
    await db
      .select({ id: runs.id })
      .from(runs)
      .where(sql`${runs.experimentId} = ${experimentId} AND ${runs.isBaseline}`)
  )[0]!.id;

  await step(`metrics ${curveRuns.length} × ${o.curvePoints}`, async () => {
    for (const [k, id] of curveRuns.entries()) {
      await insertPointRows(
        db,
        sql`SELECT ${id}, 'train/loss', s, (2.5 + ${k % 10} * 0.05) / sqrt(s) + 0.05 * random() + CASE WHEN s % 9973 = 0 THEN 1.5 ELSE 0 END,
          now() - interval '3 hours' + s * interval '100 ms'
        FROM generate_series(1, ${o.curvePoints}) AS s`,
      );
      if (k % 10 === 9) log(`  ${k + 1} curve runs`);
    }
  });
  await step(`metrics 1 × ${o.bigPoints}`, () =>
    insertPointRows(
      db,
      sql`SELECT ${bigRun}, 'train/loss', s, 2.5 / sqrt(s) + 0.05 * random(), now() - interval '3 hours' + s * interval '10 ms'
      FROM generate_series(1, ${o.bigPoints}) AS s`,
    ),
  );
  await db.execute(
    sql`UPDATE runs SET step = ${o.bigPoints}, total_steps = ${o.bigPoints}, tokens_seen = ${o.bigPoints} * 4096::bigint WHERE id = ${bigRun}`,
  );

  await step(`evaluations ${evalRuns.length + 1} × ${o.samples}`, async () => {
    const all = [baseline, ...evalRuns];
    for (const [k, id] of all.entries()) {
      // Quality differs by run: run k answers right with probability q.
      const q = id === baseline ? 0.3 : 0.45 + ((k * 37) % 50) / 100;
      const [e] = (
        await db.execute<{
          id: string;
        }>(sql`INSERT INTO evaluations (id, project_id, experiment_id, run_id, status, split, sample_count, scores, finished_at)
        SELECT gen_random_uuid()::text, project_id, experiment_id, id, 'completed', 'eval', ${o.samples}, '{}'::jsonb, now() FROM runs WHERE id = ${id} RETURNING id`)
      ).rows;
      await db.execute(sql`INSERT INTO evaluation_samples (evaluation_id, idx, prompt, reference, output, scores, primary_score)
        SELECT ${e!.id}, i, 'Rewrite the date 2024-' || (i % 12 + 1) || '-' || (i % 28 + 1) || ' #' || i, (i % 28 + 1) || '/' || (i % 12 + 1) || '/2024',
          CASE WHEN ok THEN (i % 28 + 1) || '/' || (i % 12 + 1) || '/2024' ELSE (i % 28 + 2) || ' ' || (i % 12 + 1) || ' 2024' END,
          jsonb_build_object('accuracy', CASE WHEN ok THEN 100 ELSE 0 END, 'chrf', CASE WHEN ok THEN 100 ELSE 20 + (i * 7) % 50 END),
          CASE WHEN ok THEN 100 ELSE 20 + (i * 7) % 50 END
        FROM (SELECT i, random() < ${q} AS ok FROM generate_series(0, ${o.samples - 1}) AS i) s`);
      await db.execute(sql`UPDATE evaluations e SET scores = (
          SELECT jsonb_build_object('chrf', jsonb_build_object('score', avg(primary_score), 'ci', jsonb_build_array(avg(primary_score) - 1.5, avg(primary_score) + 1.5), 'signature', 'bench'),
                                    'accuracy', jsonb_build_object('score', avg((scores ->> 'accuracy')::float8), 'ci', jsonb_build_array(avg((scores ->> 'accuracy')::float8) - 2, avg((scores ->> 'accuracy')::float8) + 2), 'signature', 'bench'))
          FROM evaluation_samples WHERE evaluation_id = e.id) WHERE e.id = ${e!.id}`);
    }
  });

  await step("summaries and costs", async () => {
    // Runs with a curve: its last value (one index probe); the rest get a plausible last loss.
    await db.execute(sql`UPDATE runs r SET summary = jsonb_build_object('train/loss',
        coalesce((SELECT c.last_value FROM run_metric_chunks c WHERE c.run_id = r.id AND c.name = 'train/loss' ORDER BY c.chunk DESC LIMIT 1), 0.2 + (r.index * 7919 % 1000) / 2000.0))
      || coalesce((SELECT jsonb_object_agg(kv.key, kv.value -> 'score') FROM evaluations e, jsonb_each(e.scores) kv WHERE e.run_id = r.id), '{}'::jsonb)
      WHERE r.experiment_id = ${experimentId}`);
    for (let i = 0; i < ordered.length; i += 2000)
      await refreshRunCosts(db, ordered.slice(i, i + 2000));
    await refreshRunCosts(db, [baseline]);
  });
  await step("analyze", () => db.execute(sql`ANALYZE`));
  // What the refresh job does once evaluations land (here all at once: every row's two tests).
  await step("leaderboard refresh (all rows)", () => refreshLeaderboard(db, experimentId));
  return { experimentId, seconds };
}
