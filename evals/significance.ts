/**
 * Confidence intervals and paired significance tests for corpus metrics, exactly as sacreBLEU
 * 2.6.0 computes them (sacrebleu/significance.py; Koehn, 2004, "Statistical Significance Tests
 * for Machine Translation Evaluation", EMNLP, for paired bootstrap resampling; Riezler & Maxwell,
 * 2005, and Clark et al., 2011, multeval, for approximate randomization). Segments are resampled
 * and the corpus metric is recomputed from summed statistics. Resamples come from a port of
 * numpy's default_rng (PCG64), so with the same seed the CIs and p-values equal sacreBLEU's.
 */

import type { BleuOptions } from "./bleu";
import type { ChrfOptions } from "./chrf";
import {
  type MetricImpl,
  type MetricName,
  makeMetric,
  metricOptionNames,
  pickOptions,
  sumAll,
} from "./internal/metric-impl";
import { exactMean, npMean } from "./internal/np-stats";
import { assertKnownOptions, assertOneOf, assertPositiveInt } from "./internal/validate";
import { defaultRng } from "./rng";

export interface ResampleOptions {
  nSamples?: number;
  /** numpy seed; sacreBLEU's default (env SACREBLEU_SEED) is 12345. */
  seed?: number;
}
export type MetricOptions<M extends MetricName> = M extends "bleu" ? BleuOptions : ChrfOptions;

export interface CiResult {
  score: number;
  /** Mean of the bootstrap scores. */
  mean: number;
  /** Half-width of the 2.5%–97.5% order-statistic interval (sacreBLEU's "± ci"). */
  ci: number;
  signature: string;
}

export interface PairedResult {
  baselineScore: number;
  systemScore: number;
  pValue: number;
  baselineMean?: number;
  baselineCi?: number;
  systemMean?: number;
  systemCi?: number;
  signature: string;
}

const DEFAULT_SEED = 12345;

/** Resample r of the bootstrap: float32 sums over S segments drawn with replacement. */
function* bootstrapSums(
  rng: ReturnType<typeof defaultRng>,
  metrics: MetricImpl[],
  nSamples: number,
): Generator<Float64Array[]> {
  const S = metrics[0]!.stats.length / metrics[0]!.width;
  const sums = metrics.map((m) => new Float64Array(m.width));
  for (let r = 0; r < nSamples; r++) {
    for (const s of sums) s.fill(0);
    for (let i = 0; i < S; i++) {
      const idx = rng.below(S);
      for (let k = 0; k < metrics.length; k++) {
        const m = metrics[k]!,
          sum = sums[k]!,
          w = m.width,
          base = idx * w;
        // numpy sums the float32 rows sequentially along the resample axis.
        for (let j = 0; j < w; j++) sum[j] = Math.fround(sum[j]! + m.stats[base + j]!);
      }
    }
    yield sums;
  }
}

function orderStatHalfWidth(sorted: number[], f32: boolean): number {
  const n = sorted.length;
  const lowerIdx = Math.floor(n / 40);
  const upper = sorted[n - lowerIdx - 1]!,
    lower = sorted[lowerIdx]!;
  return f32 ? Math.fround(0.5 * Math.fround(upper - lower)) : 0.5 * (upper - lower);
}

/**
 * Single-system bootstrap CI, as `corpus_score(n_bootstrap=N)` / the CLI's `--confidence`:
 * mean by Python's statistics.mean, ci = half the distance between sorted[N//40] and
 * sorted[N - N//40 - 1].
 */
export function bootstrapCi<M extends MetricName>(
  metric: M,
  hypotheses: string[],
  references: (string | null)[][],
  options?: ResampleOptions & MetricOptions<M>,
): CiResult {
  const where = "bootstrapCi";
  assertKnownOptions(where, options, ["nSamples", "seed", ...metricOptionNames(metric)]);
  const nSamples = options?.nSamples ?? 1000;
  const seed = options?.seed ?? DEFAULT_SEED;
  assertPositiveInt(where, "nSamples", nSamples);
  const m = makeMetric(where, metric, hypotheses, references, pickOptions(metric, options));
  const scores: number[] = [];
  let allF32 = true;
  for (const [sum] of bootstrapSums(defaultRng(seed), [m], nSamples)) {
    const s = m.scoreF32(sum!);
    allF32 &&= s.f32;
    scores.push(s.v);
  }
  scores.sort((a, b) => a - b);
  const mean = exactMean(scores);
  return {
    score: m.score(sumAll(m)),
    mean: allF32 ? Math.fround(mean) : mean,
    ci: orderStatHalfWidth(scores, allF32),
    signature: m.signature({ bs: nSamples, seed }),
  };
}

/** `significance.estimate_ci` (shared with paired-stats.ts): numpy mean of the SORTED scores (pairwise, in the array dtype), same half-width. */
export function estimateCiNumpy(scores: number[], f32: boolean): { mean: number; ci: number } {
  const sorted = [...scores].sort((a, b) => a - b);
  return { mean: npMean(sorted, f32), ci: orderStatHalfWidth(sorted, f32) };
}

/** sacreBLEU `_compute_p_value`: (count(stat > real) + 1) / (N + 1), strict ">" on purpose. */
export function pValue(stats: ArrayLike<number>, real: number): number {
  let c = 0;
  for (let i = 0; i < stats.length; i++) if (stats[i]! > real) c++;
  return (c + 1) / (stats.length + 1);
}

/**
 * Paired test of a system against a baseline on the same segments and references.
 * "bs": paired bootstrap resampling (1000 resamples), p from centred absolute differences, plus
 * bootstrap mean and CI of both systems. "ar": approximate randomization (10000 trials), no CIs.
 */
export function pairedTest<M extends MetricName>(
  metric: M,
  baselineHypotheses: string[],
  systemHypotheses: string[],
  references: (string | null)[][],
  options?: ResampleOptions & { test?: "bs" | "ar" } & MetricOptions<M>,
): PairedResult {
  const where = "pairedTest";
  assertKnownOptions(where, options, ["test", "nSamples", "seed", ...metricOptionNames(metric)]);
  const test = options?.test ?? "bs";
  assertOneOf(where, "test", test, ["bs", "ar"] as const);
  const nSamples = options?.nSamples ?? (test === "bs" ? 1000 : 10000);
  const seed = options?.seed ?? DEFAULT_SEED;
  assertPositiveInt(where, "nSamples", nSamples);
  const mo = pickOptions(metric, options);
  if (
    Array.isArray(baselineHypotheses) &&
    Array.isArray(systemHypotheses) &&
    baselineHypotheses.length !== systemHypotheses.length
  ) {
    throw new RangeError(
      `${where}: baseline has ${baselineHypotheses.length} hypotheses but system has ${systemHypotheses.length}`,
    );
  }
  const bl = makeMetric(`${where} (baseline)`, metric, baselineHypotheses, references, mo);
  const sys = makeMetric(`${where} (system)`, metric, systemHypotheses, references, mo);
  const baselineScore = bl.score(sumAll(bl));
  const systemScore = sys.score(sumAll(sys));
  const real = Math.abs(baselineScore - systemScore);
  if (test === "ar") {
    return {
      baselineScore,
      systemScore,
      pValue: approximateRandomization(bl, sys, nSamples, seed, real),
      signature: bl.signature({ ar: nSamples, seed }),
    };
  }
  const blScores: number[] = [],
    sysScores: number[] = [];
  let f32 = true;
  for (const [b, s] of bootstrapSums(defaultRng(seed), [bl, sys], nSamples)) {
    const x = bl.scoreF32(b!),
      y = sys.scoreF32(s!);
    f32 &&= x.f32 && y.f32;
    blScores.push(x.v);
    sysScores.push(y.v);
  }
  const r = f32 ? Math.fround : (v: number) => v;
  const diffs = sysScores.map((y, i) => r(Math.abs(r(y - blScores[i]!))));
  const meanDiff = npMean(diffs, f32);
  const centred = diffs.map((d) => r(d - meanDiff));
  const b = estimateCiNumpy(blScores, f32);
  const s = estimateCiNumpy(sysScores, f32);
  return {
    baselineScore,
    systemScore,
    // A float32 array compared with a Python float compares in float32 (NEP 50).
    pValue: pValue(centred, r(real)),
    baselineMean: b.mean,
    baselineCi: b.ci,
    systemMean: s.mean,
    systemCi: s.ci,
    signature: bl.signature({ bs: nSamples, seed }),
  };
}

export function approximateRandomization(
  bl: MetricImpl,
  sys: MetricImpl,
  trials: number,
  seed: number,
  real: number,
): number {
  const rng = defaultRng(seed);
  const w = bl.width;
  const S = bl.stats.length / w;
  const blTotal = sumAll(bl),
    sysTotal = sumAll(sys);
  const delta = new Float64Array(bl.stats.length);
  for (let i = 0; i < delta.length; i++) delta[i] = bl.stats[i]! - sys.stats[i]!;
  const acc = new Float64Array(w),
    a = new Float64Array(w),
    b = new Float64Array(w);
  const diffs = new Float64Array(trials);
  for (let t = 0; t < trials; t++) {
    acc.fill(0);
    // pos[t, s] picks the baseline's row for pseudo-system A and the system's row for B.
    for (let s = 0; s < S; s++)
      if (rng.nextBool()) for (let j = 0; j < w; j++) acc[j]! += delta[s * w + j]!;
    for (let j = 0; j < w; j++) {
      a[j] = sysTotal[j]! + acc[j]!;
      b[j] = blTotal[j]! - acc[j]!;
    }
    diffs[t] = Math.abs(bl.scoreI64(a) - bl.scoreI64(b));
  }
  return pValue(diffs, real);
}
