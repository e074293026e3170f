/**
 * One call to score a whole eval set: per-sample scores (for storage and review) and corpus
 * scores with sacreBLEU-style bootstrap CIs (for the leaderboard). Per-sample BLEU and chrF are
 * sentence-level sacreBLEU (`sentence_bleu`: effective order on; `sentence_chrf`); corpus BLEU
 * and chrF are computed from summed statistics, never by averaging the per-sample numbers.
 * Exact match and ROUGE (F-measure × 100, rouge-score's) are per-sample metrics: their corpus
 * score is the mean over samples.
 */

import { type ExactMatchOptions, exactMatch } from "./accuracy";
import { type BleuOptions, sentenceBleu } from "./bleu";
import { type ChrfOptions, sentenceChrf } from "./chrf";
import { type CorpusScore, meanWithCi } from "./internal/mean-ci";
import { assertKnownOptions, assertStringArray } from "./internal/validate";
import { checkRougeOptions, type RougeOptions, rougeScore, rougeSignature } from "./rouge";
import { bootstrapCi } from "./significance";

export type { CorpusScore } from "./internal/mean-ci";

export const SAMPLE_METRICS = [
  "bleu",
  "chrf",
  "exactMatch",
  "rouge1",
  "rouge2",
  "rougeL",
  "rougeLsum",
] as const;
export type SampleMetric = (typeof SAMPLE_METRICS)[number];
const ROUGE_METRICS = ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const;
type RougeMetric = (typeof ROUGE_METRICS)[number];
const isRouge = (m: SampleMetric): m is RougeMetric =>
  (ROUGE_METRICS as readonly string[]).includes(m);
export interface ScoreSamplesInput {
  predictions: string[];
  /** references[i] = the gold answer(s) of sample i (a string, or several strings). */
  references: (string | string[])[];
  metrics: SampleMetric[];
  options?: {
    bleu?: BleuOptions;
    chrf?: ChrfOptions;
    exactMatch?: ExactMatchOptions;
    /** Tokenizer and stemming for every ROUGE metric (the types come from `metrics`). */
    rouge?: Omit<RougeOptions, "types">;
    nSamples?: number;
    seed?: number;
  };
}
export interface ScoreSamplesOutput {
  perSample: Partial<Record<SampleMetric, number[]>>;
  corpus: Partial<Record<SampleMetric, CorpusScore>>;
}

export function scoreSamples(input: ScoreSamplesInput): ScoreSamplesOutput {
  const where = "scoreSamples";
  assertKnownOptions(where, input, ["predictions", "references", "metrics", "options"]);
  const { predictions, references, metrics } = input;
  const opts = input.options ?? {};
  assertKnownOptions(`${where} options`, opts, [
    "bleu",
    "chrf",
    "exactMatch",
    "rouge",
    "nSamples",
    "seed",
  ]);
  assertStringArray(where, "predictions", predictions);
  if (predictions.length === 0) throw new RangeError(`${where}: empty eval set (no predictions)`);
  if (!Array.isArray(references) || references.length !== predictions.length) {
    throw new RangeError(
      `${where}: ${Array.isArray(references) ? references.length : "no"} references for ${predictions.length} predictions`,
    );
  }
  const refLists = references.map((r, i) => {
    const list = typeof r === "string" ? [r] : r;
    if (!Array.isArray(list) || list.length === 0)
      throw new TypeError(
        `${where}: references[${i}] must be a string or a non-empty array of strings`,
      );
    assertStringArray(where, `references[${i}]`, list);
    return list;
  });
  if (!Array.isArray(metrics) || metrics.length === 0)
    throw new RangeError(`${where}: no metrics requested`);
  for (const m of metrics)
    if (!SAMPLE_METRICS.includes(m))
      throw new TypeError(
        `${where}: unknown metric ${JSON.stringify(m)}; expected ${SAMPLE_METRICS.join(", ")}`,
      );
  const maxRefs = Math.max(...refLists.map((l) => l.length));
  const streams = Array.from({ length: maxRefs }, (_, k) => refLists.map((l) => l[k] ?? null));
  const resample = { nSamples: opts.nSamples ?? 1000, seed: opts.seed ?? 12345 };
  const out: ScoreSamplesOutput = { perSample: {}, corpus: {} };
  const rougeTypes = metrics.filter(isRouge);
  if (rougeTypes.length > 0) {
    assertKnownOptions(`${where} options.rouge`, opts.rouge, ["useStemmer", "tokenize"]);
    const rougeOpts = { ...opts.rouge, types: rougeTypes };
    checkRougeOptions(`${where} options.rouge`, rougeOpts);
    const scores = predictions.map((p, i) => rougeScore(p, refLists[i]!, rougeOpts));
    const nrefs = refLists.every((l) => l.length === maxRefs) ? String(maxRefs) : "var";
    for (const t of rougeTypes) {
      const values = scores.map((s) => s[t]!.fmeasure * 100);
      out.perSample[t] = values;
      const signature = rougeSignature(`${t}|fmeasure|scale:0-100`, nrefs, opts.rouge);
      out.corpus[t] = meanWithCi(values, resample.nSamples, resample.seed, signature);
    }
  }
  for (const m of metrics) {
    if (m === "bleu") {
      out.perSample.bleu = predictions.map(
        (p, i) => sentenceBleu(p, refLists[i]!, opts.bleu).score,
      );
      out.corpus.bleu = bootstrapCi("bleu", predictions, streams, { ...opts.bleu, ...resample });
    } else if (m === "chrf") {
      out.perSample.chrf = predictions.map(
        (p, i) => sentenceChrf(p, refLists[i]!, opts.chrf).score,
      );
      out.corpus.chrf = bootstrapCi("chrf", predictions, streams, { ...opts.chrf, ...resample });
    } else if (m === "exactMatch") {
      const results = predictions.map((p, i) => exactMatch(p, refLists[i]!, opts.exactMatch));
      const scores = results.map((r) => r.score);
      out.perSample.exactMatch = scores;
      out.corpus.exactMatch = meanWithCi(
        scores,
        resample.nSamples,
        resample.seed,
        results[0]!.signature,
      );
    }
  }
  return out;
}
