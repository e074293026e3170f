/** The eval metrics as people name them. A plain module (not "use client") so that server
 *  components can read the list too. */
export const METRICS = [
  { key: "accuracy", label: "Accuracy", hint: "exact match after normalisation" },
  { key: "bleu", label: "BLEU", hint: "sacreBLEU, 13a tokenizer" },
  { key: "chrf", label: "chrF", hint: "character n-gram F-score" },
  { key: "rouge1", label: "ROUGE-1", hint: "unigram overlap F-score (rouge-score)" },
  { key: "rouge2", label: "ROUGE-2", hint: "bigram overlap F-score (rouge-score)" },
  { key: "rougeL", label: "ROUGE-L", hint: "longest common subsequence F-score" },
  { key: "rougeLsum", label: "ROUGE-Lsum", hint: "summary-level LCS over lines" },
] as const;
export type MetricKey = (typeof METRICS)[number]["key"];

export const metricLabel = (m: string) => METRICS.find((x) => x.key === m)?.label ?? m;
