/**
 * BLEU and chrF behind one interface for the resampling tests: segment statistics plus the
 * three ways sacreBLEU's code ends up scoring summed statistics (Python ints, float32 bootstrap
 * rows, int64 randomization rows).
 */
import {
  BLEU_OPTION_NAMES,
  type BleuOptions,
  bleuSignature,
  computeBleu,
  resolveBleuOptions,
  statsConfig,
} from "../bleu";
import { extractBleuStats } from "../bleu-stats";
import {
  CHRF_OPTION_NAMES,
  type ChrfOptions,
  chrfName,
  chrfSignature,
  resolveChrfOptions,
} from "../chrf";
import { chrfFScore, chrfFScoreF32, type PyNum } from "../chrf-score";
import { extractChrfStats } from "../chrf-stats";
import type { SignatureExtras } from "../signature";
import { assertCorpus } from "./validate";

export type MetricName = "bleu" | "chrf";

export interface MetricImpl {
  name: string;
  stats: Float64Array;
  width: number;
  numRefs: number;
  score(sum: ArrayLike<number>): number;
  scoreF32(sum: ArrayLike<number>): PyNum;
  scoreI64(sum: ArrayLike<number>): number;
  signature(extras: Omit<SignatureExtras, "nrefs">): string;
}

export function metricOptionNames(metric: MetricName): readonly string[] {
  return metric === "bleu" ? BLEU_OPTION_NAMES : CHRF_OPTION_NAMES;
}

/** Picks the metric's own options out of a mixed options object (already checked for unknown keys). */
export function pickOptions(
  metric: MetricName,
  options: object | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of metricOptionNames(metric))
    if (options && k in options) out[k] = (options as Record<string, unknown>)[k];
  return out;
}

export function makeMetric(
  where: string,
  metric: MetricName,
  hypotheses: string[],
  references: (string | null)[][],
  options: Record<string, unknown>,
): MetricImpl {
  assertCorpus(where, hypotheses, references);
  if (metric === "bleu") {
    const o = resolveBleuOptions(where, options as BleuOptions, false);
    const { stats, width, numRefs } = extractBleuStats(hypotheses, references, statsConfig(o));
    return {
      name: "BLEU",
      stats,
      width,
      numRefs,
      score: (sum) => computeBleu(sum, o, "f64").score,
      scoreF32: (sum) => ({ v: computeBleu(sum, o, "f32").score, f32: false }),
      scoreI64: (sum) => computeBleu(sum, o, "i64").score,
      signature: (extras) => bleuSignature(o, { nrefs: numRefs, ...extras }),
    };
  }
  if (metric === "chrf") {
    const o = resolveChrfOptions(where, options as ChrfOptions);
    const { stats, width, numRefs } = extractChrfStats(hypotheses, references, o);
    return {
      name: chrfName(o),
      stats,
      width,
      numRefs,
      score: (sum) => chrfFScore(sum, o),
      scoreF32: (sum) => chrfFScoreF32(sum, o),
      scoreI64: (sum) => chrfFScore(sum, o),
      signature: (extras) => chrfSignature(o, { nrefs: numRefs, ...extras }),
    };
  }
  throw new TypeError(
    `${where}: unknown metric ${JSON.stringify(metric)}; expected "bleu" or "chrf"`,
  );
}

export function sumAll(m: MetricImpl): Float64Array {
  const out = new Float64Array(m.width);
  for (let i = 0; i < m.stats.length; i += m.width)
    for (let j = 0; j < m.width; j++) out[j]! += m.stats[i + j]!;
  return out;
}
