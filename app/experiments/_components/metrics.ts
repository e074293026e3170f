import { EVAL_METRICS, type EvalMetric, RETENTION_PERPLEXITY } from "@/core/enums";

const ABOUT: Record<EvalMetric, { label: string; hint: string }> = {
  accuracy: { label: "Accuracy", hint: "exact match after normalisation" },
  bleu: { label: "BLEU", hint: "sacreBLEU, 13a tokenizer" },
  chrf: { label: "chrF", hint: "character n-gram F-score" },
  rouge1: { label: "ROUGE-1", hint: "unigram overlap F-score (rouge-score)" },
  rouge2: { label: "ROUGE-2", hint: "bigram overlap F-score (rouge-score)" },
  rougeL: { label: "ROUGE-L", hint: "longest common subsequence F-score" },
  rougeLsum: { label: "ROUGE-Lsum", hint: "summary-level LCS over lines" },
  perplexity: {
    label: "Perplexity",
    hint: "of the reference answers under each model; lower is better (local worker only)",
  },
};

/** The eval metrics as people name them, in EVAL_METRICS order. A plain module (not "use client")
 *  so that server components can read the list too. */
export const METRICS = EVAL_METRICS.map((key) => ({ key, ...ABOUT[key] }));

export const metricLabel = (m: string) =>
  m === RETENTION_PERPLEXITY
    ? "Retention perplexity"
    : (METRICS.find((x) => x.key === m)?.label ?? m);
