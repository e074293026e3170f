import type { AccuracyMode } from "@/core/enums";
import { type SampleMetric, scoreSamples } from "@/evals";
import type { CorpusScores } from "@/server/schemas/evaluations";
import type { EvalMetric } from "@/server/schemas/experiments";

const TO_EVALS: Record<EvalMetric, SampleMetric> = {
  accuracy: "exactMatch",
  bleu: "bleu",
  chrf: "chrf",
  rouge1: "rouge1",
  rouge2: "rouge2",
  rougeL: "rougeL",
  rougeLsum: "rougeLsum",
};

/**
 * Scores every output against its reference with evals/ and returns per-sample scores and corpus
 * scores with 95% bootstrap CIs, all on a 0–100 scale (accuracy is reported as a percentage; ROUGE
 * is rouge-score's F-measure × 100 with its default tokenizer and no stemming).
 */
export function scoreOutputs(
  outputs: string[],
  references: string[],
  metrics: EvalMetric[],
  accuracyMode: AccuracyMode,
) {
  const result = scoreSamples({
    predictions: outputs,
    references,
    metrics: metrics.map((m) => TO_EVALS[m]),
    options: { exactMatch: { mode: accuracyMode } },
  });
  const perSample = outputs.map(
    (_, i) =>
      Object.fromEntries(
        metrics.map((m) => [m, scale(m, result.perSample[TO_EVALS[m]]![i]!)]),
      ) as Record<EvalMetric, number>,
  );
  const corpus: CorpusScores = {};
  for (const m of metrics) {
    const c = result.corpus[TO_EVALS[m]]!;
    const score = scale(m, c.score);
    const half = scale(m, c.ci);
    corpus[m] = { score, ci: [score - half, score + half], signature: c.signature };
  }
  return { perSample, corpus };
}

const scale = (m: EvalMetric, v: number) => (m === "accuracy" ? v * 100 : v);
