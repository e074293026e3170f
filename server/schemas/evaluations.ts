import { z } from "zod";

/** A corpus score on the 0–100 scale, its 95% bootstrap CI, and the evals/ signature (missing
 *  from scores stored before signatures were). */
export const CorpusScore = z.object({
  score: z.number(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  signature: z.string().optional(),
});
export type CorpusScore = z.infer<typeof CorpusScore>;

/** evaluations.scores and checkpoint_evaluations.scores: { [metric]: CorpusScore }. */
export const CorpusScores = z.record(z.string(), CorpusScore);
export type CorpusScores = z.infer<typeof CorpusScores>;

/** One sample's scores, { [metric]: 0–100 }: accuracy 0 or 100, sentence BLEU, sentence chrF. */
export const SampleScores = z.record(z.string(), z.number());
export type SampleScores = z.infer<typeof SampleScores>;
