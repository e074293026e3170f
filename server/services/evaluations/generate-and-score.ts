import { and, asc, eq } from "drizzle-orm";
import type { BackendKind } from "@/core/enums";
import { datasetExamples } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { CorpusScores, SampleScoreErrors } from "@/server/schemas/evaluations";
import type { EvalSuite } from "@/server/schemas/experiments";
import { projectBackend } from "@/server/services/settings/project-backend";
import type { ChatMessage, ExternalRef, GenerationUsage } from "@/trainers/types";
import { sampleReferences } from "./sample-references";
import { scoreCustom } from "./score-custom";
import { type MetricScores, scoreOutputs } from "./score-outputs";

export type ScoredSample = {
  idx: number;
  prompt: string;
  reference: string;
  extraReferences: string[] | null;
  output: string;
  scores: MetricScores;
  scoreErrors: SampleScoreErrors | null;
  primaryScore: number;
};

/**
 * What a run's evaluation and a checkpoint's evaluation share: generate for the suite's split
 * through the backend (with `adapterPath`, or none for the baseline), then score every sample with
 * evals/ and the suite's custom scorers (the worker). Returns the sample rows ready to store under either kind of evaluation.
 */
export async function generateAndScore(
  db: Db,
  input: {
    projectId: string;
    backend: BackendKind;
    baseModel: string;
    datasetVersionId: string;
    suite: EvalSuite;
    ref: ExternalRef | null;
    adapterPath: string | null;
    workDir: string;
    onUsage?: (u: GenerationUsage) => void;
  },
): Promise<{ corpus: CorpusScores; samples: ScoredSample[] }> {
  const { suite } = input;
  const examples = await db
    .select()
    .from(datasetExamples)
    .where(
      and(
        eq(datasetExamples.versionId, input.datasetVersionId),
        eq(datasetExamples.split, suite.split),
      ),
    )
    .orderBy(asc(datasetExamples.idx));
  const backend = await projectBackend(db, input.projectId, input.backend);
  const outputs: string[] = [];
  for await (const p of backend.generate({
    baseModel: input.baseModel,
    ref: input.ref,
    adapterPath: input.adapterPath,
    prompts: examples.map((e) => ({
      id: String(e.idx),
      messages: e.messages.slice(0, -1),
    })),
    settings: suite.generation,
    workDir: input.workDir,
    onUsage: input.onUsage,
  }))
    outputs.push(p.output);
  const { perSample, corpus } = scoreOutputs(
    outputs,
    examples.map(sampleReferences),
    suite.metrics,
    suite.accuracyMode,
    suite.rules,
  );
  const prompts = examples.map((e) => promptText(e.messages));
  const custom = suite.customScorers?.length
    ? await scoreCustom(
        suite.customScorers,
        examples.map((e, i) => ({
          prompt: prompts[i]!,
          output: outputs[i]!,
          reference: e.reference,
        })),
      )
    : null;
  const samples = examples.map((e, i) => {
    const own = custom?.perSample[i];
    return {
      idx: e.idx,
      prompt: prompts[i]!,
      reference: e.reference,
      extraReferences: e.extraReferences,
      output: outputs[i]!,
      scores: { ...perSample[i]!, ...own?.scores },
      scoreErrors: own && Object.keys(own.errors).length ? own.errors : null,
      // EvalSuite guarantees the primary metric is one the suite computes (never a custom one).
      primaryScore: perSample[i]![suite.primaryMetric]!,
    };
  });
  return { corpus: { ...corpus, ...custom?.corpus }, samples };
}

/** The prompt as stored with a sample: the user's text, or every turn but the answer, labelled. */
function promptText(messages: ChatMessage[]): string {
  const prompt = messages.slice(0, -1);
  return prompt.length === 1
    ? prompt[0]!.content
    : prompt.map((m) => `${m.role}: ${m.content}`).join("\n");
}
