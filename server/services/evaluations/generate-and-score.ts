import { and, asc, eq } from "drizzle-orm";
import { type BackendKind, isLikelihoodMetric, type OutputMetric } from "@/core/enums";
import { datasetExamples } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type {
  CorpusScores,
  EvaluationLikelihood,
  SampleScoreErrors,
} from "@/server/schemas/evaluations";
import type { EvalSuite } from "@/server/schemas/experiments";
import { judgeOutputs } from "@/server/services/judges/judge-outputs";
import { projectBackend } from "@/server/services/settings/project-backend";
import type { ChatMessage, ExternalRef, GenerationUsage } from "@/trainers/types";
import { sampleReferences } from "./sample-references";
import { scoreCustom } from "./score-custom";
import { scoreLikelihood } from "./score-likelihood";
import { type MetricScores, scoreOutputs } from "./score-outputs";

export type ScoredSample = {
  idx: number;
  prompt: string;
  reference: string;
  extraReferences: string[] | null;
  output: string;
  scores: MetricScores;
  scoreErrors: SampleScoreErrors | null;
  /** Null where the primary metric is a judge's and its answer had no verdict. */
  primaryScore: number | null;
};

/**
 * What a run's evaluation and a checkpoint's evaluation share: generate for the suite's split
 * through the backend (with `adapterPath`, or none for the baseline), then score every sample with
 * evals/, the references' perplexity where the suite asks for it, the suite's judges and its
 * custom scorers (the worker). Returns the sample rows ready to store under either kind of
 * evaluation.
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
    /** For the suite's single-mode judges: whose evaluation this is, what pays for the calls, and
     *  whether to record which call judged which sample (a run's evaluation, not a checkpoint's). */
    judging: { experimentId: string; runId: string; budgetKey: string; link: boolean };
  },
): Promise<{ corpus: CorpusScores; samples: ScoredSample[]; likelihood: EvaluationLikelihood }> {
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
    suite.metrics.filter((m): m is OutputMetric => !isLikelihoodMetric(m)),
    suite.accuracyMode,
    suite.rules,
  );
  const likely = await scoreLikelihood(db, backend, {
    suite,
    evalMessages: examples.map((e) => e.messages),
    baseModel: input.baseModel,
    adapterPath: input.adapterPath,
    workDir: input.workDir,
  });
  Object.assign(corpus, likely.corpus);
  likely.perSample?.forEach((p, i) => {
    perSample[i]!.perplexity = p;
  });
  const texts = examples.map((e, i) => ({
    idx: e.idx,
    prompt: promptText(e.messages),
    reference: e.reference,
    output: outputs[i]!,
  }));
  if (suite.judges?.some((j) => j.mode === "single")) {
    const judged = await judgeOutputs({
      ctx: { db, projectId: input.projectId },
      input: { suite, samples: texts, ...input.judging },
    });
    Object.assign(corpus, judged.corpus);
    for (const [metric, scores] of judged.perSample)
      scores.forEach((score, i) => {
        if (score !== null) perSample[i]![metric] = score;
      });
  }
  const custom = suite.customScorers?.length
    ? await scoreCustom(
        suite.customScorers,
        texts.map((t) => ({ prompt: t.prompt, output: t.output, reference: t.reference })),
      )
    : null;
  Object.assign(corpus, custom?.corpus);
  const samples = texts.map((t, i) => {
    const own = custom?.perSample[i];
    return {
      ...t,
      extraReferences: examples[i]!.extraReferences,
      scores: { ...perSample[i]!, ...own?.scores },
      scoreErrors: own && Object.keys(own.errors).length ? own.errors : null,
      // EvalSuite guarantees the primary metric is one the suite computes (never a custom
      // scorer's); only a judge's can be missing on a sample (no verdict).
      primaryScore: perSample[i]![suite.primaryMetric] ?? null,
    };
  });
  return { corpus, samples, likelihood: likely.likelihood };
}

/** The prompt as stored with a sample: the user's text, or every turn but the answer, labelled. */
function promptText(messages: ChatMessage[]): string {
  const prompt = messages.slice(0, -1);
  return prompt.length === 1
    ? prompt[0]!.content
    : prompt.map((m) => `${m.role}: ${m.content}`).join("\n");
}
