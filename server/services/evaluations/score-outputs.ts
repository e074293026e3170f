import type { AccuracyMode, OutputMetric } from "@/core/enums";
import { compileRules, type SampleMetric, scoreRules, scoreSamples } from "@/evals";
import type { CorpusScores } from "@/server/schemas/evaluations";
import type { ComputedMetric } from "@/server/schemas/experiments";
import { type RuleSpec, ruleMetric } from "@/server/schemas/rules";

/** One sample's scores: every metric the suite computes is present, except a judge's where its
 *  answer had no verdict (unparsed samples are left out of that metric). */
export type MetricScores = Record<ComputedMetric, number>;

const TO_EVALS: Record<OutputMetric, SampleMetric> = {
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
 * is rouge-score's F-measure × 100 with its default tokenizer and no stemming). Each rule is the
 * metric "rule:<name>": 0 or 100 per sample, its pass rate as the corpus score.
 */
export function scoreOutputs(
  outputs: string[],
  /** Each sample's reference, or its several references (multi-reference BLEU, chrF, ROUGE). */
  references: (string | string[])[],
  metrics: OutputMetric[],
  accuracyMode: AccuracyMode,
  rules: RuleSpec[] = [],
) {
  const result = scoreSamples({
    predictions: outputs,
    references,
    metrics: metrics.map((m) => TO_EVALS[m]),
    options: { exactMatch: { mode: accuracyMode } },
  });
  const ruled = rules.length ? scoreRules(compileRules(rules), outputs) : null;
  const perSample = outputs.map((_, i) => {
    const scores = {} as MetricScores;
    for (const m of metrics) scores[m] = scale(m, result.perSample[TO_EVALS[m]]![i]!);
    for (const r of rules) scores[ruleMetric(r.name)] = ruled!.perSample[r.name]![i]!;
    return scores;
  });
  const corpus: CorpusScores = {};
  const store = (
    key: string,
    c: { score: number; ci: number; signature: string },
    m?: OutputMetric,
  ) => {
    const score = m ? scale(m, c.score) : c.score;
    const half = m ? scale(m, c.ci) : c.ci;
    corpus[key] = { score, ci: [score - half, score + half], signature: c.signature };
  };
  for (const m of metrics) store(m, result.corpus[TO_EVALS[m]]!, m);
  for (const r of rules) store(ruleMetric(r.name), ruled!.corpus[r.name]!);
  return { perSample, corpus };
}

const scale = (m: OutputMetric, v: number) => (m === "accuracy" ? v * 100 : v);
