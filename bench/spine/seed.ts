import { eq, sql } from "drizzle-orm";
import { insertPointRows } from "@/bench/seed-points";
import { runs } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import type { Db } from "@/server/db";
import { createCaller } from "@/server/root";
import { refreshLeaderboard } from "@/server/services/leaderboard";

export type SeedOptions = { runs: number; pointsPerRun: number; evalSamples: number };
export type Seeded = {
  experimentId: string;
  runIds: string[];
  rowsPerSecond: number;
  seedSeconds: number;
  leaderboardRefreshSeconds: number;
};

const SERIES = ["train/loss", "train/learning_rate"];
const BATCH_ROWS = 50_000;

/** One experiment with `runs` runs, every run trained with `pointsPerRun` metric points and
 *  evaluated on `evalSamples` samples. The experiment is created through the real API; the API caps
 *  a grid at a few hundred points, so the first run is then cloned up to `runs`. */
export async function seedExperiment(ctx: Ctx, opts: SeedOptions): Promise<Seeded> {
  const api = createCaller(ctx);
  const train = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({
      prompt: `2024-01-${String((i % 28) + 1).padStart(2, "0")}`,
      completion: `${(i % 28) + 1}/01/2024`,
    }),
  );
  const { versionId } = await api.datasets.upload({
    name: `bench ${Date.now()}`,
    trainJsonl: train.join("\n"),
    evalJsonl: train.slice(0, 10).join("\n"),
  });
  const experiment = await api.experiments.create({
    name: `bench ${opts.runs} runs`,
    baseModel: "bench/none",
    datasetVersionId: versionId,
    grid: { learningRate: [1e-4], loraRank: [8], epochs: [1] },
    evalSuite: { metrics: ["accuracy", "chrf"], primaryMetric: "chrf" },
  });
  await ctx.db.execute(sql`INSERT INTO runs (id, project_id, experiment_id, index, is_baseline, name, status, hyperparams, spec)
    SELECT gen_random_uuid()::text, project_id, experiment_id, g, false, 'run ' || g, status,
      jsonb_build_object('learningRate', 1e-4 * g, 'loraRank', 8, 'epochs', 1), spec
    FROM runs, generate_series(2, ${opts.runs}) AS g WHERE experiment_id = ${experiment.id} AND index = 1`);
  const all = await ctx.db
    .select({ id: runs.id, isBaseline: runs.isBaseline })
    .from(runs)
    .where(eq(runs.experimentId, experiment.id));
  const trained = all
    .filter((r) => !r.isBaseline)
    .map((r) => r.id)
    .slice(0, opts.runs);
  const started = performance.now();
  const perSeries = Math.ceil(opts.pointsPerRun / SERIES.length);
  await ctx.db.execute(sql`UPDATE runs SET status = 'evaluated', step = ${perSeries}, total_steps = ${perSeries},
    started_at = now() - interval '1 hour', finished_at = now() WHERE experiment_id = ${experiment.id}`);
  let rows = 0;
  for (
    let i = 0;
    i < trained.length;
    i += Math.max(1, Math.floor(BATCH_ROWS / opts.pointsPerRun))
  ) {
    rows += await insertMetrics(
      ctx.db,
      trained.slice(i, i + Math.max(1, Math.floor(BATCH_ROWS / opts.pointsPerRun))),
      perSeries,
    );
  }
  rows += await insertEvaluations(
    ctx.db,
    ctx.projectId!,
    experiment.id,
    all.map((r) => r.id),
    opts.evalSamples,
  );
  const seedSeconds = (performance.now() - started) / 1000;
  await ctx.db.execute(sql`ANALYZE`);
  // What the refresh job stores once evaluations land (here all at once: every row's two tests).
  const refreshStarted = performance.now();
  await refreshLeaderboard(ctx.db, experiment.id);
  return {
    experimentId: experiment.id,
    runIds: trained,
    rowsPerSecond: rows / seedSeconds,
    seedSeconds,
    leaderboardRefreshSeconds: (performance.now() - refreshStarted) / 1000,
  };
}

// One INSERT … SELECT unnest(…) per batch: PGlite stores ~55k rows/s this way, ~8k/s via multi-row VALUES.
async function insertMetrics(db: Db, runIds: string[], steps: number): Promise<number> {
  const ids: string[] = [],
    names: string[] = [],
    stepCol: number[] = [],
    values: number[] = [];
  for (const id of runIds) {
    for (const name of SERIES) {
      for (let s = 1; s <= steps; s++) {
        ids.push(id);
        names.push(name);
        stepCol.push(s);
        values.push(
          name === "train/loss"
            ? 2.5 / Math.sqrt(s) + Math.random() * 0.05
            : 1e-4 * (1 - s / steps),
        );
      }
    }
  }
  await insertPointRows(
    db,
    sql`SELECT r, n, s, v, now() FROM unnest(${pgArray(ids)}::text[], ${pgArray(names)}::text[], ${pgArray(stepCol)}::int[], ${pgArray(values)}::float8[]) AS t(r, n, s, v)`,
  );
  return ids.length;
}

async function insertEvaluations(
  db: Db,
  projectId: string,
  experimentId: string,
  runIds: string[],
  samples: number,
): Promise<number> {
  const evalIds = runIds.map(() => crypto.randomUUID());
  const scores = runIds.map(() => {
    const chrf = 40 + Math.random() * 30;
    return JSON.stringify({
      chrf: { score: chrf, ci: [chrf - 3, chrf + 3], signature: "bench" },
      accuracy: { score: chrf / 2, ci: null, signature: "bench" },
    });
  });
  await db.execute(sql`INSERT INTO evaluations (id, project_id, experiment_id, run_id, status, split, sample_count, scores, finished_at)
    SELECT e, ${projectId}, ${experimentId}, r, 'completed', 'eval', ${samples}, s::jsonb, now()
    FROM unnest(${pgArray(evalIds)}::text[], ${pgArray(runIds)}::text[], ${pgArray(scores)}::text[]) AS t(e, r, s)`);
  for (
    let i = 0;
    i < evalIds.length;
    i += Math.max(1, Math.floor(BATCH_ROWS / Math.max(1, samples)))
  ) {
    const chunk = evalIds.slice(i, i + Math.max(1, Math.floor(BATCH_ROWS / Math.max(1, samples))));
    const e: string[] = [],
      idx: number[] = [],
      out: string[] = [],
      score: number[] = [];
    for (const id of chunk)
      for (let k = 0; k < samples; k++) {
        e.push(id);
        idx.push(k);
        out.push(`${(k % 28) + 1}/01/2024`);
        score.push(Math.random() * 100);
      }
    await db.execute(sql`INSERT INTO evaluation_samples (evaluation_id, idx, prompt, reference, output, scores, primary_score)
      SELECT e, i, 'prompt ' || i, o, o, '{}'::jsonb, p FROM unnest(${pgArray(e)}::text[], ${pgArray(idx)}::int[], ${pgArray(out)}::text[], ${pgArray(score)}::float8[]) AS t(e, i, o, p)`);
  }
  return runIds.length * (samples + 1);
}

/** A Postgres array literal passed as one text parameter: one bind value instead of thousands. */
function pgArray(values: (string | number)[]): string {
  return `{${values.map((v) => (typeof v === "number" ? String(v) : `"${v.replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}
