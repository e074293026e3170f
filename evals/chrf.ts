/**
 * chrF and chrF++ (Popović, 2015 and 2017, WMT), exactly as sacreBLEU 2.6.0 computes them
 * (sacrebleu/metrics/chrf.py). chrF++ is `wordOrder: 2`; β = 2 weighs recall twice as much as
 * precision. No tokenizer and no rstrip: only optional lowercasing, and whitespace is removed
 * from character n-grams unless `whitespace` is set.
 */
import { chrfFScore, type ResolvedChrfOptions } from "./chrf-score";
import { extractChrfStats } from "./chrf-stats";
import { assertCorpus, assertKnownOptions, assertStringArray } from "./internal/validate";
import { formatSignature, type SignatureExtras, signatureEntries } from "./signature";

export interface ChrfOptions {
  charOrder?: number;
  wordOrder?: number;
  beta?: number;
  lowercase?: boolean;
  whitespace?: boolean;
  epsSmoothing?: boolean;
}
export const CHRF_OPTION_NAMES = [
  "charOrder",
  "wordOrder",
  "beta",
  "lowercase",
  "whitespace",
  "epsSmoothing",
] as const;

export interface ChrfResult {
  score: number;
  /** "chrF2", "chrF2++", ... as sacreBLEU names it. */
  name: string;
  signature: string;
}

export function resolveChrfOptions(
  where: string,
  options: ChrfOptions | undefined,
  extra: readonly string[] = [],
): ResolvedChrfOptions {
  assertKnownOptions(where, options, [...CHRF_OPTION_NAMES, ...extra]);
  const o = options ?? {};
  const r: ResolvedChrfOptions = {
    charOrder: o.charOrder ?? 6,
    wordOrder: o.wordOrder ?? 0,
    beta: o.beta ?? 2,
    lowercase: o.lowercase ?? false,
    whitespace: o.whitespace ?? false,
    epsSmoothing: o.epsSmoothing ?? false,
  };
  for (const k of ["charOrder", "wordOrder"] as const) {
    if (!Number.isInteger(r[k]) || r[k] < 0)
      throw new TypeError(
        `${where}: option ${k} must be a non-negative integer, got ${JSON.stringify(r[k])}`,
      );
  }
  if (r.charOrder + r.wordOrder === 0)
    throw new RangeError(`${where}: charOrder + wordOrder must be at least 1`);
  if (typeof r.beta !== "number" || !(r.beta > 0))
    throw new TypeError(
      `${where}: option beta must be a positive number, got ${JSON.stringify(r.beta)}`,
    );
  return r;
}

export function chrfName(o: ResolvedChrfOptions): string {
  return `chrF${o.beta}${"+".repeat(o.wordOrder)}`;
}

export function chrfSignature(
  o: ResolvedChrfOptions,
  extras: SignatureExtras,
  short = false,
): string {
  return formatSignature(
    signatureEntries(extras, [
      ["case", o.lowercase ? "lc" : "mixed"],
      ["eff", o.epsSmoothing ? "no" : "yes"],
      ["nc", o.charOrder],
      ["nw", o.wordOrder],
      ["space", o.whitespace ? "yes" : "no"],
    ]),
    short,
  );
}

/** Corpus chrF: per-segment statistics (best reference each) are summed, then scored once. */
export function corpusChrf(
  hypotheses: string[],
  references: (string | null)[][],
  options?: ChrfOptions,
): ChrfResult {
  const o = resolveChrfOptions("corpusChrf", options);
  assertCorpus("corpusChrf", hypotheses, references);
  const { stats, width, numRefs } = extractChrfStats(hypotheses, references, o);
  const sum = new Float64Array(width);
  for (let i = 0; i < stats.length; i += width)
    for (let j = 0; j < width; j++) sum[j]! += stats[i + j]!;
  return {
    score: chrfFScore(sum, o),
    name: chrfName(o),
    signature: chrfSignature(o, { nrefs: numRefs }),
  };
}

export function sentenceChrf(
  hypothesis: string,
  references: string[],
  options?: ChrfOptions,
): ChrfResult {
  if (typeof hypothesis !== "string")
    throw new TypeError(`sentenceChrf: hypothesis must be a string, got ${typeof hypothesis}`);
  assertStringArray("sentenceChrf", "references", references);
  if (references.length === 0)
    throw new RangeError("sentenceChrf: at least one reference is required");
  return corpusChrf(
    [hypothesis],
    references.map((r) => [r]),
    options,
  );
}
