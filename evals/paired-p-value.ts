/**
 * Paired significance between two evaluated systems on the same items, for the leaderboard,
 * compare page and regression gates. BLEU and chrF are corpus metrics, so they use sacreBLEU's
 * paired bootstrap on the outputs (Koehn, 2004); accuracy, ROUGE, rules and judges are means of
 * per-item scores, so the paired bootstrap runs on those directly (rankRuns), and perplexity on the
 * items' logs.
 */
import { pairedTestFromStats, type SegmentStats, segmentStats } from "./paired-stats";
import { rankRuns } from "./ranking";
import { pairedTest } from "./significance";

export type PairedMetric =
  | "accuracy"
  | "bleu"
  | "chrf"
  | "rouge1"
  | "rouge2"
  | "rougeL"
  | "rougeLsum"
  /** Lower is better; tested on the items' log-perplexities (NLL per token, evals/perplexity). */
  | "perplexity"
  /** A rule scorer's pass rate (0/100 per item, evals/rules), per-item like accuracy. */
  | `rule:${string}`
  /** A single-mode LLM judge's mean score (0–100 per item, evals/judges). */
  | `judge:${string}`;

/** Corpus statistics (sacreBLEU); every other metric's corpus score is the mean of its samples'. */
const isCorpusStat = (m: PairedMetric): m is "bleu" | "chrf" => m === "bleu" || m === "chrf";

/** One system's outputs and per-item scores of the metric (0-100), in item order; NaN where an
 *  item has no score (a judge without a verdict), which leaves that item out of the test. */
export interface PairedSystem {
  outputs: string[];
  sampleScores: number[];
}

/** One reference per item, or sacreBLEU's reference streams: stream k holds every item's k-th
 *  reference (null where an item has fewer). */
export type PairedReferences = string[] | (string | null)[][];
const streamsOf = (r: PairedReferences): (string | null)[][] =>
  r.length > 0 && Array.isArray(r[0]) ? (r as (string | null)[][]) : [r as string[]];

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
/** Equal scores are no evidence of a difference (see pairedPValue). */
const SAME = 1e-9;

/** Items scored by both systems (a judge gives no score where its answer had no verdict: NaN), as
 *  the corpus score averages them: the items' scores, or for perplexity their logs. */
function bothScored(metric: PairedMetric, a: PairedSystem, b: PairedSystem): [number[], number[]] {
  const keep = a.sampleScores.flatMap((x, i) =>
    Number.isNaN(x) || Number.isNaN(b.sampleScores[i]!) ? [] : [i],
  );
  const value = metric === "perplexity" ? Math.log : (x: number) => x;
  return [keep.map((i) => value(a.sampleScores[i]!)), keep.map((i) => value(b.sampleScores[i]!))];
}

function perSamplePValue(metric: PairedMetric, system: PairedSystem, other: PairedSystem): number {
  const [xa, xb] = bothScored(metric, system, other);
  if (xa.length === 0 || mean(xa) === mean(xb)) return 1;
  const ranked = rankRuns(
    [
      { id: "a", scores: xa },
      { id: "b", scores: xb },
    ],
    { baselineId: "a" },
  );
  return ranked.find((r) => r.id === "b")!.pValue!;
}

/**
 * Two-sided p-value that `a` and `b` differ on `metric`, paired over the same items. Equal scores
 * are no evidence of a difference: sacreBLEU's rule, (#{…} + 1) / (N + 1), would give 1/(N+1)
 * there, so that case returns 1.
 */
export function pairedPValue(
  metric: PairedMetric,
  a: PairedSystem,
  b: PairedSystem,
  references: PairedReferences,
): number {
  if (!isCorpusStat(metric)) return perSamplePValue(metric, a, b);
  const result = pairedTest(metric, a.outputs, b.outputs, streamsOf(references));
  return Math.abs(result.systemScore - result.baselineScore) < SAME ? 1 : result.pValue;
}

/**
 * `pairedPValue` for many pairs among the same systems (looked up by id): each system's segment
 * statistics and bootstrap scores are computed once. Results equal pairedPValue's exactly.
 */
export function pairedComparer(
  metric: PairedMetric,
  systemOf: (id: string) => PairedSystem,
  references: PairedReferences,
): (a: string, b: string) => number {
  const stats = new Map<string, SegmentStats>();
  const statsOf = (id: string, m: "bleu" | "chrf") => {
    let s = stats.get(id);
    if (!s) {
      s = segmentStats(m, systemOf(id).outputs, streamsOf(references));
      stats.set(id, s);
    }
    return s;
  };
  return (a, b) => {
    if (!isCorpusStat(metric)) return perSamplePValue(metric, systemOf(a), systemOf(b));
    const r = pairedTestFromStats(statsOf(a, metric), statsOf(b, metric));
    return Math.abs(r.systemScore - r.baselineScore) < SAME ? 1 : r.pValue;
  };
}
