import { mulberry32 } from "@/evals/rng";
import type { AgreementFigure } from "@/server/schemas/reviews";

/** Krippendorff's convention (2004): α ≥ .800 reliable, ≥ .667 tentative conclusions only. The
 *  same cut-offs are applied to κ so one reading runs through the page. */
export function readingOf(value: number | null): AgreementFigure["reading"] {
  if (value === null) return null;
  return value >= 0.8 ? "reliable" : value >= 0.667 ? "tentative" : "unreliable";
}

/** Exact two-sided binomial test of k successes in n against p = 1/2 (scipy `binomtest`: the
 *  total probability of outcomes no more likely than the one observed; symmetric at 1/2). */
export function binomialTwoSided(k: number, n: number): number {
  if (n === 0) return 1;
  const tail = Math.min(k, n - k);
  let sum = 0;
  if (n <= 1000) {
    // pmf(j) = C(n, j) / 2^n by recurrence; 2^-1000 does not underflow, and small cases stay exact.
    let pmf = 0.5 ** n;
    for (let j = 0; j <= tail; j++) {
      if (j > 0) pmf *= (n - j + 1) / j;
      sum += pmf;
    }
  } else {
    // In log space, where 2^-n would underflow.
    let logC = 0;
    for (let j = 0; j <= tail; j++) {
      if (j > 0) logC += Math.log(n - j + 1) - Math.log(j);
      sum += Math.exp(logC - n * Math.LN2);
    }
  }
  // When k = n/2 the two tails overlap at the centre and the p-value is 1.
  return Math.min(1, 2 * sum);
}

/** pandas-style quantile (linear interpolation) of a sorted array. */
export function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Percentile bootstrap CI (2.5 %, 97.5 %) of `stat` over clusters (items) resampled with
 * replacement, seeded. Returns null when there is nothing to resample.
 */
export function clusterBootstrap<T>(
  clusters: T[],
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

export const mean = (xs: number[]): number | null =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
