import { pairedTest, rankRuns } from "@/evals";
import type { EvalMetric } from "@/server/schemas/experiments";

export const ALPHA = 0.05;

export type Evaluated = { runId: string; outputs: string[]; sampleScores: number[] };

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Two-sided p-value that `a` and `b` differ on `metric`, paired over the same eval items.
 * BLEU and chrF are corpus metrics, so they use sacreBLEU's paired bootstrap on the outputs;
 * accuracy is a mean of per-item scores, so the paired bootstrap runs on those directly.
 * Equal scores are no evidence of a difference: sacreBLEU's rule, (#{…} + 1) / (N + 1), would
 * give 1/(N+1) there, so that case returns 1.
 */
export function pairedPValue(metric: EvalMetric, a: Evaluated, b: Evaluated, references: string[]): number {
  if (metric === "accuracy") {
    if (mean(a.sampleScores) === mean(b.sampleScores)) return 1;
    const ranked = rankRuns([{ id: "a", scores: a.sampleScores }, { id: "b", scores: b.sampleScores }], { baselineId: "a" });
    return ranked.find((r) => r.id === "b")!.pValue!;
  }
  const result = pairedTest(metric, a.outputs, b.outputs, [references]);
  return Math.abs(result.systemScore - result.baselineScore) < 1e-9 ? 1 : result.pValue;
}
