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

/** evaluations.scores and checkpoint_evaluations.scores: { [metric]: CorpusScore }. */
export const CorpusScores = z.record(z.string(), CorpusScore);
export type CorpusScores = z.infer<typeof CorpusScores>;

/** One sample's scores, { [metric]: 0–100 }: accuracy 0 or 100, sentence BLEU, sentence chrF. */
export const SampleScores = z.record(z.string(), z.number());
export type SampleScores = z.infer<typeof SampleScores>;

/** Why a sample has no score for a metric, { [metric]: reason }: a custom scorer that failed on it. */
export const SampleScoreErrors = z.record(z.string(), z.string());
export type SampleScoreErrors = z.infer<typeof SampleScoreErrors>;
