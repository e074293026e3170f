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
  // sacreBLEU's reference streams: stream k holds every item's k-th reference.
  const width = Math.max(1, ...references.map((r) => r.length));
  const streams = Array.from({ length: width }, (_, k) => references.map((r) => r[k] ?? null));
  const compare = pairedComparer(
    metric,
    (id) => {
      const e = byEvaluation.get(id);
      if (!e) throw new Error(`pValueComparer: no samples for evaluation ${id}`);
      return e;
    },
    streams,
  );
  return (evaluationA: string, evaluationB: string): number => {
    const key = `${metric}\u0000${evaluationA}\u0000${evaluationB}`;
    const hit = pValueCache.get(key);
    if (hit !== undefined) return hit;
    const p = compare(evaluationA, evaluationB);
    pValueCache.set(key, p);
    return p;
  };
}
