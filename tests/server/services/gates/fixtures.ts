import { eq } from "drizzle-orm";
import type { OutputMetric } from "@/core/enums";
import { evaluationSamples, evaluations, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import type { Db } from "@/server/db";
import type { GateSpec } from "@/server/schemas/gates";
import { uploadDataset } from "@/server/services/datasets";
import { scoreOutputs } from "@/server/services/evaluations";
import { createExperiment } from "@/server/services/experiments";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";

export const EVAL = dateExamples(40, 100);
export const REFERENCES = EVAL.map((e) => e.completion);

/** An experiment (local backend, nothing dispatched in these tests) with `runs` grid points and gates. */
export async function gatedExperiment(
  ctx: DomainCtx,
  gates: GateSpec[] | undefined,
  runCount = 2,
  metrics: OutputMetric[] = ["accuracy", "chrf"],
) {
  const ds = await uploadDataset({
    ctx,
    input: {
      name: `dates-${Math.random()}`,
      trainJsonl: toChatJsonl(dateExamples(20)),
      evalJsonl: toChatJsonl(EVAL),
    },
  });
  const exp = await createExperiment({
    ctx,
    input: {
      name: "gated",
      baseModel: "tiny",
      datasetVersionId: ds.versionId,
      grid: {
        learningRate: Array.from({ length: runCount }, (_, i) => (i + 1) * 1e-4),
        loraRank: [4],
        epochs: [1],
      },
      evalSuite: { metrics, primaryMetric: metrics[0]!, gates },
    },
  });
  const all = await ctx.db
    .select()
    .from(runs)
    .where(eq(runs.experimentId, exp.id))
    .orderBy(runs.index);
  return { experimentId: exp.id, baseline: all[0]!, runs: all.slice(1) };
}

/** Stores a completed evaluation for `runId` with these outputs, scored by the real scorer. */
export async function storeEvaluation(
  db: Db,
  run: { id: string; projectId: string; experimentId: string },
  outputs: string[],
  metrics: OutputMetric[] = ["accuracy", "chrf"],
) {
  const { perSample, corpus } = scoreOutputs(outputs, REFERENCES, metrics, "squad");
  const [evaluation] = await db
    .insert(evaluations)
    .values({
      projectId: run.projectId,
      experimentId: run.experimentId,
      runId: run.id,
      status: "completed",
      split: "eval",
      sampleCount: outputs.length,
      scores: corpus,
      finishedAt: new Date(),
    })
    .returning();
  await db.insert(evaluationSamples).values(
    outputs.map((output, idx) => ({
      evaluationId: evaluation!.id,
      idx,
      prompt: EVAL[idx]!.prompt,
      reference: REFERENCES[idx]!,
      output,
      scores: perSample[idx]!,
      primaryScore: perSample[idx]![metrics[0]!],
    })),
  );
  return corpus;
}

/** The references with the first `wrong` answers replaced by nonsense. */
export const outputsWithWrong = (wrong: number) =>
  REFERENCES.map((r, i) => (i < wrong ? "no idea at all" : r));
