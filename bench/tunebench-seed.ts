import { sql } from "drizzle-orm";
import { experiments } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { uploadDataset } from "@/server/services/datasets/upload-dataset";
import { ensureDefaultProject } from "@/server/services/projects";
import { ROW_STUBS } from "@/tests/helpers/rows";

/**
 * The experiment a bench seed writes its runs into, in the local owner's default project: a
 * 20-example chat dataset (with a one-example eval file when `evalFile`), a chrF and accuracy
 * suite, a one-point grid. Runs are the seed's own business.
 */
export async function seedBenchExperiment(
  db: Db,
  name: string,
  opts: { evalFile?: boolean } = {},
): Promise<{ projectId: string; experimentId: string }> {
  const project = await ensureDefaultProject(db);
  const line = (i: number) =>
    JSON.stringify({
      messages: [
        { role: "user", content: `q${i}` },
        { role: "assistant", content: `a${i}` },
      ],
    });
  const ds = await uploadDataset({
    ctx: { db, projectId: project.id, user: null },
    input: {
      name: "bench",
      trainJsonl: Array.from({ length: 20 }, (_, i) => line(i)).join("\n"),
      ...(opts.evalFile ? { evalJsonl: line(99) } : {}),
    },
  });
  const [exp] = await db
    .insert(experiments)
    .values({
      projectId: project.id,
      name,
      baseModel: "bench/none",
      datasetVersionId: ds.versionId,
      backend: "local",
      evalSuite: {
        metrics: ["accuracy", "chrf"],
        primaryMetric: "chrf",
        split: "eval",
        generation: { maxNewTokens: 16, temperature: 0, topP: 1, stop: [] },
        accuracyMode: "squad",
      },
      grid: { learningRate: [1e-4], loraRank: [8], epochs: [1] },
      training: ROW_STUBS.training,
    })
    .returning();
  return { projectId: project.id, experimentId: exp!.id };
}

/**
 * An experiment of `runs` finished runs (no points, no jobs) in the local owner's default project,
 * written straight into a database before a server opens it: the REST API has no call that
 * creates bare runs (experiments create theirs from a grid and train them), and the benchmarks
 * that use these runs measure what happens to them afterwards (ingestion, reads, listing).
 * Each run has five hyperparameters.
 */
export async function seedRuns(
  db: Db,
  name: string,
  runs: number,
): Promise<{ experimentId: string; runIds: string[] }> {
  const { projectId, experimentId } = await seedBenchExperiment(db, name);
  const { rows } = await db.execute<{ id: string }>(sql`
    INSERT INTO runs (id, project_id, experiment_id, index, is_baseline, name, status, hyperparams, spec, started_at, finished_at)
    SELECT gen_random_uuid()::text, ${projectId}, ${experimentId}, g, false, 'run-' || g, 'succeeded',
      jsonb_build_object('learningRate', (1 + g % 10) * 1e-4, 'loraRank', 4 << (g % 4), 'epochs', 1 + g % 3,
                         'batchSize', 8 << (g % 2), 'seed', g),
      '{}'::jsonb, now() - interval '2 hours', now() - interval '1 hour'
    FROM generate_series(1, ${runs}) AS g ORDER BY g RETURNING id`);
  return { experimentId, runIds: rows.map((r) => r.id) };
}
