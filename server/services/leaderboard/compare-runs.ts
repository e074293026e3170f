import { pairedTest, rankRuns } from "@/evals";
import type { EvalMetric } from "@/server/schemas/experiments";

export const ALPHA = 0.05;

export type Evaluated = { runId: string; outputs: string[]; sampleScores: number[] };

/**
 * Two-sided p-value that `a` and `b` differ on `metric`, paired over the same eval items.
 * BLEU and chrF are corpus metrics, so they use sacreBLEU's paired bootstrap on the outputs;
 * accuracy is a mean of per-item scores, so the paired bootstrap runs on those directly.
 */
export function pairedPValue(metric: EvalMetric, a: Evaluated, b: Evaluated, references: string[]): number {
  if (metric === "accuracy") {
    const ranked = rankRuns([{ id: "a", scores: a.sampleScores }, { id: "b", scores: b.sampleScores }], { baselineId: "a" });
    return ranked.find((r) => r.id === "b")!.pValue!;
  }
  return pairedTest(metric, a.outputs, b.outputs, [references]).pValue;
}
