/** The eval metrics as people name them. A plain module (not "use client") so that server
 *  components can read the list too. */
export const METRICS = [
  { key: "accuracy", label: "Accuracy", hint: "exact match after normalisation" },
  { key: "bleu", label: "BLEU", hint: "sacreBLEU, 13a tokenizer" },
  { key: "chrf", label: "chrF", hint: "character n-gram F-score" },
] as const;
export type MetricKey = (typeof METRICS)[number]["key"];

export const metricLabel = (m: string) => METRICS.find((x) => x.key === m)?.label ?? m;
