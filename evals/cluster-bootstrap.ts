import { quantile } from "./internal/quantile";
import { mulberry32 } from "./rng";

/**
 * Percentile bootstrap CI (2.5 %, 97.5 %) of `stat` over clusters resampled with replacement,
 * seeded (Efron & Tibshirani, 1993, ch. 13; resampling whole clusters keeps the dependence
 * within one, e.g. several reviewers' votes on one item). Rounds whose statistic is null or not
 * finite are dropped; null when there is nothing to resample.
 */
export function clusterBootstrap<T>(
  clusters: readonly T[],
  stat: (sample: T[]) => number | null,
  rounds: number,
  seed: number,
): [number, number] | null {
  if (clusters.length === 0 || rounds === 0) return null;
  const rand = mulberry32(seed);
  const values: number[] = [];
  const sample: T[] = new Array(clusters.length);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < clusters.length; i++)
      sample[i] = clusters[Math.floor(rand() * clusters.length)]!;
    const v = stat(sample);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return [quantile(values, 0.025), quantile(values, 0.975)];
}
