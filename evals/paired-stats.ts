/**
 * `pairedTest` split in two so that many comparisons over the same systems (a leaderboard: every
 * run against the best and the baseline) pay for each system once. The paired bootstrap draws the
 * same segment indices for both systems, and each system's resampled score depends only on its
 * own statistics, so a system's 1,000 bootstrap scores can be computed once per (nSamples, seed)
 * and paired with any other's afterwards. The arithmetic is pairedTest's, step for step, so the
 * results are bit-identical to it (tests/evals/paired-stats.test.ts).
 */

import {
  type MetricImpl,
  type MetricName,
  makeMetric,
  metricOptionNames,
  pickOptions,
  sumAll,
} from "./internal/metric-impl";
import { npMean } from "./internal/np-stats";
import { assertKnownOptions, assertOneOf, assertPositiveInt } from "./internal/validate";
import { defaultRng } from "./rng";
import {
  approximateRandomization,
  estimateCiNumpy,
  type MetricOptions,
  type PairedResult,
  pValue,
  type ResampleOptions,
} from "./significance";

const DEFAULT_SEED = 12345;

/** One system's per-segment sufficient statistics; opaque, from `segmentStats`. */
export interface SegmentStats {
  readonly metric: MetricName;
  readonly segments: number;
  /** Corpus score from the summed statistics. */
  readonly score: number;
  /** @internal */
  readonly impl: MetricImpl;
  /** @internal bootstrap scores per `${nSamples}:${seed}` */
  readonly boot: Map<string, { scores: number[]; f32: boolean }>;
}

export function segmentStats<M extends MetricName>(
  metric: M,
  hypotheses: string[],
  references: (string | null)[][],
  options?: MetricOptions<M>,
): SegmentStats {
  const where = "segmentStats";
  assertKnownOptions(where, options, metricOptionNames(metric));
  const impl = makeMetric(where, metric, hypotheses, references, pickOptions(metric, options));
  return {
    metric,
    segments: impl.stats.length / impl.width,
    score: impl.score(sumAll(impl)),
    impl,
    boot: new Map(),
  };
}

/** Segment indices of every resample, in the order pairedTest's bootstrap draws them. */
const indexCache = new Map<string, Int32Array>();
function resampleIndices(S: number, nSamples: number, seed: number): Int32Array {
  const key = `${S}:${nSamples}:${seed}`;
  let idx = indexCache.get(key);
  if (!idx) {
    idx = new Int32Array(S * nSamples);
    const rng = defaultRng(seed);
    for (let i = 0; i < idx.length; i++) idx[i] = rng.below(S);
    if (indexCache.size >= 8) indexCache.delete(indexCache.keys().next().value!);
    indexCache.set(key, idx);
  }
  return idx;
}

function bootstrapScores(
  st: SegmentStats,
  nSamples: number,
  seed: number,
): { scores: number[]; f32: boolean } {
  const key = `${nSamples}:${seed}`;
  const hit = st.boot.get(key);
  if (hit) return hit;
  const m = st.impl,
    w = m.width,
    S = st.segments;
  const idx = resampleIndices(S, nSamples, seed);
  const sum = new Float64Array(w);
  const scores: number[] = [];
  let f32 = true;
  for (let r = 0; r < nSamples; r++) {
    sum.fill(0);
    for (let i = 0; i < S; i++) {
      const base = idx[r * S + i]! * w;
      for (let j = 0; j < w; j++) sum[j] = Math.fround(sum[j]! + m.stats[base + j]!);
    }
    const s = m.scoreF32(sum);
    f32 &&= s.f32;
    scores.push(s.v);
  }
  const out = { scores, f32 };
  st.boot.set(key, out);
  return out;
}

/** `pairedTest` on statistics from `segmentStats` (same metric and options for both). */
export function pairedTestFromStats(
  baseline: SegmentStats,
  system: SegmentStats,
  options?: ResampleOptions & { test?: "bs" | "ar" },
): PairedResult {
  const where = "pairedTestFromStats";
  assertKnownOptions(where, options, ["test", "nSamples", "seed"]);
  const test = options?.test ?? "bs";
  assertOneOf(where, "test", test, ["bs", "ar"] as const);
  const nSamples = options?.nSamples ?? (test === "bs" ? 1000 : 10000);
  const seed = options?.seed ?? DEFAULT_SEED;
  assertPositiveInt(where, "nSamples", nSamples);
  if (baseline.metric !== system.metric || baseline.impl.width !== system.impl.width) {
    throw new TypeError(
      `${where}: baseline (${baseline.impl.name}) and system (${system.impl.name}) statistics come from different metrics`,
    );
  }
  if (baseline.segments !== system.segments)
    throw new RangeError(
      `${where}: baseline has ${baseline.segments} segments but system has ${system.segments}`,
    );
  const bl = baseline.impl;
  const baselineScore = baseline.score,
    systemScore = system.score;
  const real = Math.abs(baselineScore - systemScore);
  if (test === "ar") {
    return {
      baselineScore,
      systemScore,
      pValue: approximateRandomization(bl, system.impl, nSamples, seed, real),
      signature: bl.signature({ ar: nSamples, seed }),
    };
  }
  const b0 = bootstrapScores(baseline, nSamples, seed),
    s0 = bootstrapScores(system, nSamples, seed);
  const f32 = b0.f32 && s0.f32;
  const r = f32 ? Math.fround : (v: number) => v;
  const diffs = s0.scores.map((y, i) => r(Math.abs(r(y - b0.scores[i]!))));
  const meanDiff = npMean(diffs, f32);
  const centred = diffs.map((d) => r(d - meanDiff));
  const b = estimateCiNumpy(b0.scores, f32);
  const s = estimateCiNumpy(s0.scores, f32);
  return {
    baselineScore,
    systemScore,
    pValue: pValue(centred, r(real)),
    baselineMean: b.mean,
    baselineCi: b.ci,
    systemMean: s.mean,
    systemCi: s.ci,
    signature: bl.signature({ bs: nSamples, seed }),
  };
}
