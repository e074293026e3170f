import { type CorpusScore, meanWithCi } from "../internal/mean-ci";

/**
 * A single-mode judge's corpus score: the mean of its per-sample scores (0–100, from 1–10 ratings)
 * with the bootstrap CI every per-sample metric uses. Samples without a verdict ("unparsed") are
 * left out of the mean and counted in the signature, never scored as 0 or as a middle rating.
 */
export function judgeCorpusScore(
  scores: readonly (number | null)[],
  o: { nSamples?: number; seed?: number } = {},
): (CorpusScore & { unparsed: number }) | null {
  const parsed = scores.filter((s): s is number => s !== null);
  if (parsed.length === 0) return null;
  const unparsed = scores.length - parsed.length;
  return {
    ...meanWithCi(
      parsed,
      o.nSamples ?? 1000,
      o.seed ?? 12345,
      `judge|scale:0-100|from:rating-1-10|n:${parsed.length}|unparsed:${unparsed}`,
    ),
    unparsed,
  };
}
