import { type PairedSystem, pairedComparer } from "@/evals";
import type { SuiteMetric } from "@/server/schemas/experiments";
import { Lru } from "./lru";

export const ALPHA = 0.05;

export type Evaluated = PairedSystem;

/**
 * An evaluation's samples never change (promotion points a run at another evaluation instead), so
 * a p-value between two evaluations holds for good, in every process. Bounded: ~100 bytes an entry.
 */
const pValueCache = new Lru<string, number>(50_000);
const cacheKey = (metric: SuiteMetric, a: string, b: string) => `${metric}\u0000${a}\u0000${b}`;

/** A p-value already computed in this process between two evaluations, if any. */
export const cachedPValue = (metric: SuiteMetric, a: string, b: string) =>
  pValueCache.get(cacheKey(metric, a, b));
export const rememberPValue = (metric: SuiteMetric, a: string, b: string, p: number) =>
  pValueCache.set(cacheKey(metric, a, b), p);

/** sacreBLEU's reference streams from each item's references: stream k holds every item's k-th. */
export function referenceStreams(references: string[][]): (string | null)[][] {
  const width = Math.max(1, ...references.map((r) => r.length));
  return Array.from({ length: width }, (_, k) => references.map((r) => r[k] ?? null));
}

/**
 * evals' `pairedComparer` over evaluations (keyed by evaluation id), memoised across calls: the
 * compare page and regression gates ask for the same pairs again.
 */
export function pValueComparer(
  metric: SuiteMetric,
  byEvaluation: Map<string, Evaluated>,
  /** Each item's references (sampleReferences), the same for every evaluation compared. */
  references: string[][],
) {
  const compare = pairedComparer(
    metric,
    (id) => {
      const e = byEvaluation.get(id);
      if (!e) throw new Error(`pValueComparer: no samples for evaluation ${id}`);
      return e;
    },
    referenceStreams(references),
  );
  return (evaluationA: string, evaluationB: string): number => {
    const hit = cachedPValue(metric, evaluationA, evaluationB);
    if (hit !== undefined) return hit;
    const p = compare(evaluationA, evaluationB);
    rememberPValue(metric, evaluationA, evaluationB, p);
    return p;
  };
}
