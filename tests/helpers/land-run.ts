import { eq } from "drizzle-orm";
import { runArtifacts, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { evaluateRun } from "@/server/services/evaluations";
import { outputsByAdapter } from "./fake-generate";

/** Marks `run` a succeeded local run, with `adapter` as its adapter artifact unless it is the
 *  baseline: what the training job leaves for the evaluation. */
export async function markSucceeded(
  db: Db,
  run: { id: string; isBaseline: boolean },
  adapter: string,
) {
  await db
    .update(runs)
    .set({
      status: "succeeded",
      externalRef: { backend: "local", id: run.id, cursor: "0", state: {} },
    })
    .where(eq(runs.id, run.id));
  if (!run.isBaseline)
    await db.insert(runArtifacts).values({ runId: run.id, kind: "adapter", path: adapter });
}

/**
 * Lands `run` (markSucceeded) with generation answering `outputs` by prompt index, then evaluates
 * it: evaluateRun's outcome. Needs `withScriptedOutputs` mocking the project backend.
 */
export async function landRun(db: Db, run: { id: string; isBaseline: boolean }, outputs: string[]) {
  const adapter = run.isBaseline ? "baseline" : `adapter:${run.id}`;
  outputsByAdapter.set(adapter, outputs);
  await markSucceeded(db, run, adapter);
  return evaluateRun(db, run.id);
}
