import { mkdirSync } from "node:fs";
import path from "node:path";
import { openDb } from "@/server/db";
import { uploadDataset } from "@/server/services/datasets";
import { createMlflowExperiment, createMlflowRun, updateMlflowRun } from "@/server/services/mlflow";
import { ensureDefaultProject } from "@/server/services/projects";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";

export type SeededExternal = { experimentId: string; runId: string; datasetName: string };

/**
 * What an MLflow client leaves behind, written into a server's data folder before it starts: an
 * experiment it created (no base model, dataset or suite yet) holding one finished run, and a
 * dataset uploaded in Tunebench to evaluate it on.
 */
export async function seedExternalRun(pgliteDir: string): Promise<SeededExternal> {
  mkdirSync(path.dirname(pgliteDir), { recursive: true });
  const { db, close } = await openDb({ dataDir: pgliteDir });
  try {
    const project = await ensureDefaultProject(db);
    const ctx = { db, projectId: project.id, user: null };
    await uploadDataset({
      ctx,
      input: {
        name: "dates",
        trainJsonl: toChatJsonl(dateExamples(4)),
        evalJsonl: toChatJsonl(dateExamples(2, 100)),
      },
    });
    const { experiment_id } = await createMlflowExperiment({
      ctx,
      input: { name: "logged from mlflow" },
    });
    const { run } = await createMlflowRun({
      ctx,
      input: { experiment_id, run_name: "trained elsewhere", tags: [] },
    });
    await updateMlflowRun({ ctx, input: { run_id: run.info.run_id, status: "FINISHED" } });
    return { experimentId: experiment_id, runId: run.info.run_id, datasetName: "dates" };
  } finally {
    await close();
  }
}
