/** The corpus score of a per-sample metric: the mean, with a bootstrap CI like sacreBLEU's. */
import { defaultRng } from "../rng";
import { exactMean } from "./np-stats";

export interface CorpusScore {
  score: number;
  mean: number;
  /** Half-width of the 2.5–97.5% order-statistic interval of the bootstrap means. */
  ci: number;
  signature: string;
}

/** Mean of per-item scores with the same bootstrap CI convention as sacreBLEU (half-width). */
export function meanWithCi(
  scores: number[],
  nSamples: number,
  seed: number,
  signature: string,
): CorpusScore {
  const rng = defaultRng(seed);
  const n = scores.length;
  const boot: number[] = [];
  for (let r = 0; r < nSamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += scores[rng.below(n)]!;
    boot.push(s / n);
  }
  boot.sort((a, b) => a - b);
  const lo = Math.floor(nSamples / 40);
  return {
    score: exactMean(scores),
    mean: exactMean(boot),
    ci: 0.5 * (boot[nSamples - lo - 1]! - boot[lo]!),
    signature: `${signature}|bs:${nSamples}|seed:${seed}`,
  };
}
