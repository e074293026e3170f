// Seeds the demo project and trains, evaluates and ranks it:  npx tsx scripts/demo.ts [--seed-only]
// Runs the job loop in this process (PGlite serves one process, so run it before `next start`,
// not beside it). Re-running it resumes or reuses the demo experiment instead of adding another.
// --seed-only: create the demo and exit; a server's embedded job loop then does the work.

import { and, eq } from "drizzle-orm";
import { isFinished } from "@/core/run-status";
import { experiments, runs } from "@/drizzle/schema";
import { closeDb, getOpenDb } from "@/server/db";
import { jobDefinitions } from "@/server/jobs/definitions";
import { startWorkerLoop } from "@/server/jobs/worker";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { ensureLocalOwner } from "@/server/services/projects";
import { demoJsonl } from "./demo/data";
import { demoModel } from "./demo/model";
import { printLeaderboard, printProgress } from "./demo/progress";

const NAME = "Demo: ISO dates to words";
const log = (m: string) => console.log(`[demo] ${m}`);

async function main() {
  const started = Date.now();
  const open = await getOpenDb();
  const db = open.db;
  const { user, projectId } = await ensureLocalOwner(db);
  const ctx = { db, projectId, user };
  log(
    `database: ${open.kind === "pglite" ? `PGlite in ${process.env.TUNEBENCH_DATA_DIR || "./data/pglite"}` : "PostgreSQL (DATABASE_URL)"}`,
  );

  let [experiment] = await db
    .select()
    .from(experiments)
    .where(and(eq(experiments.projectId, projectId), eq(experiments.name, NAME)));
  if (experiment) {
    log(`demo experiment exists (${experiment.id}); resuming it`);
  } else {
    const train = demoJsonl(200);
    const evalSet = demoJsonl(40, train.prompts);
    const ds = await uploadDataset({
      ctx,
      input: { name: "iso-dates", trainJsonl: train.jsonl, evalJsonl: evalSet.jsonl },
    });
    log(
      `dataset iso-dates: ${ds.trainCount} train / ${ds.evalCount} eval examples (version ${ds.version.contentHash.slice(0, 12)})`,
    );
    const model = demoModel(log);
    log(`base model: ${model.path}`);
    const created = await createExperiment({
      ctx,
      input: {
        name: NAME,
        description:
          "LoRA on a small instruct model: does fine-tuning beat prompting for a strict output format?",
        baseModel: model.path,
        datasetVersionId: ds.versionId,
        grid: { learningRate: [1e-3, 3e-3], loraRank: [8], epochs: [1] },
        training: { batchSize: 8, maxSeqLen: 64, device: "auto" },
        // No BLEU: answers are three words, so they have no 4-grams and corpus BLEU is 0 by definition.
        evalSuite: {
          metrics: ["accuracy", "chrf"],
          primaryMetric: "accuracy",
          generation: { maxNewTokens: 12 },
          accuracyMode: "squad",
        },
      },
    });
    log(`experiment "${NAME}": ${created.runCount} runs + baseline (${created.id})`);
    [experiment] = await db.select().from(experiments).where(eq(experiments.id, created.id));
  }
  if (process.argv.includes("--seed-only")) return closeDb();

  const loop = startWorkerLoop({
    db,
    definitions: jobDefinitions,
    concurrency: 2,
    log: (m) => console.error(`[jobs] ${m}`),
  });
  const stop = async () => {
    await loop.stop({ graceMs: 5000 });
    await closeDb();
    process.exit(130);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  for (;;) {
    const rows = await db.select().from(runs).where(eq(runs.experimentId, experiment!.id));
    printProgress(rows);
    if (rows.every((r) => isFinished(r.status))) break;
    await new Promise((r) => setTimeout(r, 3000));
  }
  await loop.stop({ graceMs: 2000 });
  await printLeaderboard(ctx, experiment!.id);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await closeDb();
}

main().catch(async (e) => {
  console.error(`[demo] failed: ${e instanceof Error ? e.message : e}`);
  await closeDb().catch(() => {});
  process.exit(1);
});
