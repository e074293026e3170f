import { asc, eq } from "drizzle-orm";
import { evaluationSamples, evaluations } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { RunSamplesInput } from "@/server/schemas/runs";
import { findRun } from "./get-run";

/** Per-sample outputs of the run's evaluation, with their scores. */
export async function getRunSamples({ ctx, input }: { ctx: DomainCtx; input: RunSamplesInput }) {
  const { runId, limit } = RunSamplesInput.parse(input);
  const run = await findRun(ctx, runId);
  const [evaluation] = await ctx.db.select().from(evaluations).where(eq(evaluations.runId, run.id));
  if (!evaluation) return { evaluation: null, samples: [] };
  const samples = await ctx.db
    .select()
    .from(evaluationSamples)
    .where(eq(evaluationSamples.evaluationId, evaluation.id))
    .orderBy(asc(evaluationSamples.idx))
    .limit(limit);
  return {
    evaluation: {
      id: evaluation.id,
      status: evaluation.status,
      sampleCount: evaluation.sampleCount,
      scores: evaluation.scores,
    },
    samples: samples.map((s) => ({
      idx: s.idx,
      prompt: s.prompt,
      reference: s.reference,
      output: s.output,
      scores: s.scores,
      scoreErrors: s.scoreErrors,
    })),
  };
}
