import { tmpdir } from "node:os";
import { eq } from "drizzle-orm";
import { evaluationSamples, evaluations, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import type { Db } from "@/server/db";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";

export type Fixture = {
  ctx: DomainCtx;
  experimentId: string;
  runIds: string[];
  baselineId: string;
};

/** A project with one experiment: by default a 2×2 grid (learningRate × loraRank) plus the baseline. */
export async function makeExperiment(
  db: Db,
  slug = "scale",
  grid = { learningRate: [1e-4, 3e-4], loraRank: [4, 8], epochs: [1] },
): Promise<Fixture> {
  const ctx = await makeProjectCtx(db, slug);
  const ds = await uploadDataset({
    ctx,
    input: {
      name: "d",
      trainJsonl: toChatJsonl(dateExamples(12)),
      evalJsonl: toChatJsonl(dateExamples(6, 100)),
    },
  });
  const exp = await createExperiment({
    ctx,
    input: {
      name: "e",
      baseModel: tmpdir(),
      datasetVersionId: ds.versionId,
      grid,
      evalSuite: { metrics: ["accuracy", "chrf"], primaryMetric: "chrf" },
    },
  });
  const all = await db
    .select({ id: runs.id, isBaseline: runs.isBaseline, index: runs.index })
    .from(runs)
    .where(eq(runs.experimentId, exp.id))
    .orderBy(runs.index);
  return {
    ctx,
    experimentId: exp.id,
    runIds: all.filter((r) => !r.isBaseline).map((r) => r.id),
    baselineId: all.find((r) => r.isBaseline)!.id,
  };
}

/** Stores a completed evaluation with per-sample outputs and scores (0-100) for a run. */
export async function addEvaluation(
  db: Db,
  f: Fixture,
  runId: string,
  samples: { prompt?: string; reference: string; output: string; chrf: number; accuracy: number }[],
) {
  const mean = (k: "chrf" | "accuracy") => samples.reduce((a, s) => a + s[k], 0) / samples.length;
  const [e] = await db
    .insert(evaluations)
    .values({
      projectId: f.ctx.projectId!,
      experimentId: f.experimentId,
      runId,
      status: "completed",
      split: "eval",
      sampleCount: samples.length,
      scores: {
        chrf: { score: mean("chrf"), ci: [mean("chrf") - 5, mean("chrf") + 5] },
        accuracy: { score: mean("accuracy"), ci: null },
      },
      finishedAt: new Date(),
    })
    .returning();
  await db.insert(evaluationSamples).values(
    samples.map((s, idx) => ({
      evaluationId: e!.id,
      idx,
      prompt: s.prompt ?? `p${idx}`,
      reference: s.reference,
      output: s.output,
      scores: { chrf: s.chrf, accuracy: s.accuracy },
      primaryScore: s.chrf,
    })),
  );
  await db.update(runs).set({ status: "evaluated" }).where(eq(runs.id, runId));
  return e!;
}
