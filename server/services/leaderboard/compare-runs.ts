import {
  pairedTest,
  pairedTestFromStats,
  rankRuns,
  type SegmentStats,
  segmentStats,
} from "@/evals";
import type { EvalMetric } from "@/server/schemas/experiments";
import { Lru } from "./lru";

export const ALPHA = 0.05;

export type Evaluated = { runId: string; outputs: string[]; sampleScores: number[] };

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
/** Equal scores are no evidence of a difference (see pairedPValue). */
const SAME = 1e-9;

function accuracyPValue(a: Evaluated, b: Evaluated): number {
  if (mean(a.sampleScores) === mean(b.sampleScores)) return 1;
  const ranked = rankRuns(
    [
      { id: "a", scores: a.sampleScores },
      { id: "b", scores: b.sampleScores },
    ],
    { baselineId: "a" },
  );
  return ranked.find((r) => r.id === "b")!.pValue!;
}

/**
 * Two-sided p-value that `a` and `b` differ on `metric`, paired over the same eval items.
 * BLEU and chrF are corpus metrics, so they use sacreBLEU's paired bootstrap on the outputs;
 * accuracy is a mean of per-item scores, so the paired bootstrap runs on those directly.
 * Equal scores are no evidence of a difference: sacreBLEU's rule, (#{…} + 1) / (N + 1), would
 * give 1/(N+1) there, so that case returns 1.
 */
export function pairedPValue(
  metric: EvalMetric,
  a: Evaluated,
  b: Evaluated,
  references: string[],
): number {
  if (metric === "accuracy") return accuracyPValue(a, b);
  const result = pairedTest(metric, a.outputs, b.outputs, [references]);
  return Math.abs(result.systemScore - result.baselineScore) < SAME ? 1 : result.pValue;
}

/**
 * An evaluation's samples never change (promotion points a run at another evaluation instead), so
 * a p-value between two evaluations holds for good, in every process. Bounded: ~100 bytes an entry.
 */
const pValueCache = new Lru<string, number>(50_000);

/**
 * `pairedPValue` for many pairs among the same completed evaluations (keyed by evaluation id):
 * each evaluation's segment statistics and bootstrap scores are computed once, and p-values are
 * memoised across calls. Results equal pairedPValue's exactly.
 */
export function pValueComparer(
  metric: EvalMetric,
  byEvaluation: Map<string, Evaluated>,
  references: string[],
) {
  const stats = new Map<string, SegmentStats>();
  const statsOf = (id: string, m: "bleu" | "chrf") => {
    let s = stats.get(id);
    if (!s) {
      s = segmentStats(m, evaluated(id).outputs, [references]);
      stats.set(id, s);
    }
    return s;
  };
  const evaluated = (id: string) => {
    const e = byEvaluation.get(id);
    if (!e) throw new Error(`pValueComparer: no samples for evaluation ${id}`);
    return e;
  };
  return (evaluationA: string, evaluationB: string): number => {
    const key = `${metric}\u0000${evaluationA}\u0000${evaluationB}`;
    const hit = pValueCache.get(key);
    if (hit !== undefined) return hit;
    let p: number;
    if (metric === "accuracy") p = accuracyPValue(evaluated(evaluationA), evaluated(evaluationB));
    else {
      const r = pairedTestFromStats(statsOf(evaluationA, metric), statsOf(evaluationB, metric));
      p = Math.abs(r.systemScore - r.baselineScore) < SAME ? 1 : r.pValue;
    }
    pValueCache.set(key, p);
    return p;
  };
}
