import { z } from "zod";

/** A corpus score on the 0–100 scale, its 95% bootstrap CI, and the evals/ signature (missing
 *  from scores stored before signatures were). */
export const CorpusScore = z.object({
  score: z.number(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  signature: z.string().optional(),
  /** A custom scorer's samples that have no score (an exception, a timeout, a non-number), left
   *  out of `score`; each one's reason is the sample's scoreErrors entry. */
  errors: z.number().int().min(0).optional(),
});
export type CorpusScore = z.infer<typeof CorpusScore>;

/** Each sample's teacher-forced NLL (nats, summed over its answer tokens) and token count, in
 *  item order: what perplexity and its paired comparisons are computed from (evals/perplexity). */
export const SampleNlls = z.object({
  nll: z.array(z.number()),
  tokens: z.array(z.number().int()),
});
export type SampleNlls = z.infer<typeof SampleNlls>;

/** evaluations.likelihood: the eval split's NLLs (suite metric "perplexity") and the retention
 *  set's (suite.retention), each present when the suite asks for it. */
export const EvaluationLikelihood = z.object({
  eval: SampleNlls.optional(),
  retention: SampleNlls.extend({ datasetVersionId: z.string(), split: z.string() }).optional(),
});
export type EvaluationLikelihood = z.infer<typeof EvaluationLikelihood>;

/** evaluations.scores and checkpoint_evaluations.scores: { [metric]: CorpusScore }. */
export const CorpusScores = z.record(z.string(), CorpusScore);
export type CorpusScores = z.infer<typeof CorpusScores>;

/** One sample's scores, { [metric]: 0–100 }: accuracy 0 or 100, sentence BLEU, sentence chrF. */
export const SampleScores = z.record(z.string(), z.number());
export type SampleScores = z.infer<typeof SampleScores>;

/** Why a sample has no score for a metric, { [metric]: reason }: a custom scorer that failed on it. */
export const SampleScoreErrors = z.record(z.string(), z.string());
export type SampleScoreErrors = z.infer<typeof SampleScoreErrors>;
