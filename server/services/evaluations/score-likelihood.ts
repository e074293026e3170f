import { and, asc, eq } from "drizzle-orm";
import { RETENTION_PERPLEXITY } from "@/core/enums";
import { datasetExamples } from "@/drizzle/schema";
import { corpusPerplexity, samplePerplexity } from "@/evals";
import type { Db } from "@/server/db";
import type { CorpusScores, EvaluationLikelihood, SampleNlls } from "@/server/schemas/evaluations";
import type { EvalSuite } from "@/server/schemas/experiments";
import type { ChatMessage, TrainingBackend } from "@/trainers/types";

type Scored = {
  corpus: CorpusScores;
  likelihood: EvaluationLikelihood;
  perSample: number[] | null;
};

/**
 * The suite's perplexity scores: of the eval split's references (metric "perplexity", with each
 * sample's own perplexity) and of the retention set's ("retention:perplexity"), under the model
 * being evaluated (`adapterPath` null: the base model, or a full fine-tune given as `baseModel`).
 * Returns nothing to add when the suite asks for neither.
 */
export async function scoreLikelihood(
  db: Db,
  backend: TrainingBackend,
  input: {
    suite: EvalSuite;
    evalMessages: ChatMessage[][];
    baseModel: string;
    adapterPath: string | null;
    workDir: string;
  },
): Promise<Scored> {
  const { suite } = input;
  const out: Scored = { corpus: {}, likelihood: {}, perSample: null };
  const wantsEval = suite.metrics.includes("perplexity");
  if (!wantsEval && !suite.retention) return out;
  if (!backend.likelihood)
    throw new Error(
      `the ${backend.kind} backend cannot compute perplexity (it cannot score given text with the trained model); remove perplexity and the retention set from the suite`,
    );
  const retention = suite.retention
    ? await db
        .select({ messages: datasetExamples.messages })
        .from(datasetExamples)
        .where(
          and(
            eq(datasetExamples.versionId, suite.retention.datasetVersionId),
            eq(datasetExamples.split, suite.retention.split),
          ),
        )
        .orderBy(asc(datasetExamples.idx))
    : [];
  if (suite.retention && retention.length === 0)
    throw new Error(
      `the retention set (dataset version ${suite.retention.datasetVersionId}, ${suite.retention.split}) is empty`,
    );
  // One worker run for both sets: loading the model is most of its cost.
  const sets = {
    e: wantsEval ? input.evalMessages : [],
    r: retention.map((e) => e.messages),
  };
  const scored = await backend.likelihood({
    baseModel: input.baseModel,
    adapterPath: input.adapterPath,
    samples: Object.entries(sets).flatMap(([set, all]) =>
      all.map((messages, i) => ({ id: `${set}${i}`, messages })),
    ),
    workDir: `${input.workDir}/perplexity`,
  });
  const nllsOf = (from: number, n: number): SampleNlls => {
    const part = scored.slice(from, from + n);
    return { nll: part.map((s) => s.nll), tokens: part.map((s) => s.tokens) };
  };
  if (wantsEval) {
    const nlls = nllsOf(0, sets.e.length);
    out.likelihood.eval = nlls;
    out.corpus.perplexity = corpusPerplexity(pairs(nlls));
    out.perSample = pairs(nlls).map(samplePerplexity);
  }
  if (suite.retention) {
    const nlls = nllsOf(sets.e.length, sets.r.length);
    out.likelihood.retention = { ...suite.retention, ...nlls };
    out.corpus[RETENTION_PERPLEXITY] = corpusPerplexity(pairs(nlls));
  }
  return out;
}

/** { nll, tokens } per sample, as evals/perplexity takes them. */
export const pairs = (s: SampleNlls) => s.nll.map((nll, i) => ({ nll, tokens: s.tokens[i]! }));
