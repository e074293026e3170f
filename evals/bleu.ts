/**
 * BLEU (Papineni et al., 2002, "BLEU: a Method for Automatic Evaluation of Machine Translation",
 * ACL), exactly as sacreBLEU 2.6.0 computes it (Post, 2018, WMT; sacrebleu/metrics/bleu.py).
 * Smoothing methods follow Chen & Cherry (2014, WMT): floor = method 1, add-k = method 2,
 * exp = method 3 (NIST mteval-v13a), the default.
 */
import { type BleuStatsConfig, extractBleuStats } from "./bleu-stats";
import { exactExp, exactLog } from "./internal/libm";
import { pyFixed } from "./internal/py-format";
import {
  assertCorpus,
  assertKnownOptions,
  assertOneOf,
  assertPositiveInt,
  assertStringArray,
} from "./internal/validate";
import { formatSignature, type SignatureExtras, signatureEntries } from "./signature";
import { TOKENIZERS, type TokenizerName } from "./tokenizers";

export const SMOOTH_METHODS = ["exp", "floor", "add-k", "none"] as const;
export type SmoothMethod = (typeof SMOOTH_METHODS)[number];
const SMOOTH_DEFAULTS: Record<SmoothMethod, number | null> = {
  floor: 0.1,
  "add-k": 1,
  exp: null,
  none: null,
};

export interface BleuOptions {
  tokenize?: TokenizerName;
  lowercase?: boolean;
  smoothMethod?: SmoothMethod;
  smoothValue?: number;
  maxNgramOrder?: number;
  effectiveOrder?: boolean;
}
export const BLEU_OPTION_NAMES = [
  "tokenize",
  "lowercase",
  "smoothMethod",
  "smoothValue",
  "maxNgramOrder",
  "effectiveOrder",
] as const;

export interface BleuResult extends BleuScoreParts {
  signature: string;
}

export type ResolvedBleuOptions = Required<Omit<BleuOptions, "smoothValue">> & {
  smoothValue: number | null;
};

export function resolveBleuOptions(
  where: string,
  options: BleuOptions | undefined,
  effectiveDefault: boolean,
  extra: readonly string[] = [],
): ResolvedBleuOptions {
  assertKnownOptions(where, options, [...BLEU_OPTION_NAMES, ...extra]);
  const o = options ?? {};
  const r = {
    tokenize: o.tokenize ?? "13a",
    lowercase: o.lowercase ?? false,
    smoothMethod: o.smoothMethod ?? "exp",
    // `??`, never `||`: an explicit smoothValue of 0 is valid and must not become the default.
    smoothValue: o.smoothValue ?? null,
    maxNgramOrder: o.maxNgramOrder ?? 4,
    effectiveOrder: o.effectiveOrder ?? effectiveDefault,
  };
  assertOneOf(where, "tokenize", r.tokenize, TOKENIZERS);
  assertOneOf(where, "smoothMethod", r.smoothMethod, SMOOTH_METHODS);
  assertPositiveInt(where, "maxNgramOrder", r.maxNgramOrder);
  if (r.smoothValue !== null && !Number.isFinite(r.smoothValue))
    throw new TypeError(
      `${where}: option smoothValue must be a finite number, got ${String(r.smoothValue)}`,
    );
  return r as ResolvedBleuOptions;
}

/**
 * How the sufficient statistics are held, which changes the arithmetic sacreBLEU ends up doing:
 * "f64" for plain Python ints (scores), "f32" for the float32 numpy rows its bootstrap sums
 * (precisions then round to float32 under NEP 50), "i64" for the int64 rows of its
 * approximate-randomization test (add-k with a fractional k truncates there).
 */
export type StatsArithmetic = "f64" | "f32" | "i64";

export interface BleuScoreParts {
  score: number;
  counts: number[];
  totals: number[];
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}

/** sacreBLEU `BLEU.compute_bleu`, from aggregated statistics [sysLen, refLen, correct.., total..]. */
export function computeBleu(
  stats: ArrayLike<number>,
  o: ResolvedBleuOptions,
  arith: StatsArithmetic = "f64",
): BleuScoreParts {
  const N = o.maxNgramOrder;
  const f = arith === "f32" ? Math.fround : (x: number) => x;
  const sysLen = Math.trunc(stats[0]!);
  const refLen = Math.trunc(stats[1]!);
  const correct = Array.from({ length: N }, (_, i) => stats[2 + i]!);
  const total = Array.from({ length: N }, (_, i) => stats[2 + N + i]!);
  const method = o.smoothMethod;
  const smoothValue = o.smoothValue ?? SMOOTH_DEFAULTS[method];
  let bp = 1.0;
  if (sysLen < refLen) bp = sysLen > 0 ? exactExp(1 - refLen / sysLen) : 0.0;
  const precisions = new Array<number>(N).fill(0);
  const parts = { counts: correct, totals: total, precisions, bp, sysLen, refLen };
  // Early stop when nothing matches at any order (sacreBLEU issue #141), whatever the smoothing.
  if (!correct.some((c) => c !== 0)) return { score: 0.0, ...parts };

  let smoothMteval = 1.0;
  let effOrder = N;
  for (let n = 1; n <= N; n++) {
    if (method === "add-k" && n > 1) {
      const k = smoothValue!;
      correct[n - 1] = arith === "i64" ? Math.trunc(correct[n - 1]! + k) : f(correct[n - 1]! + k);
      total[n - 1] = arith === "i64" ? Math.trunc(total[n - 1]! + k) : f(total[n - 1]! + k);
    }
    if (total[n - 1] === 0) break;
    if (o.effectiveOrder) effOrder = n;
    if (correct[n - 1] === 0) {
      if (method === "exp") {
        smoothMteval *= 2;
        precisions[n - 1] = f(100 / f(f(smoothMteval) * total[n - 1]!));
      } else if (method === "floor") {
        precisions[n - 1] = f(f(100 * smoothValue!) / total[n - 1]!);
      }
    } else {
      precisions[n - 1] = f(f(100 * correct[n - 1]!) / total[n - 1]!);
    }
  }
  let logSum = 0;
  for (let i = 0; i < effOrder; i++) {
    const p = precisions[i]!;
    logSum += p === 0 ? -9999999999 : exactLog(p);
  }
  return { score: bp * exactExp(logSum / effOrder), ...parts };
}

export function bleuSignatureEntries(o: ResolvedBleuOptions) {
  const def = SMOOTH_DEFAULTS[o.smoothMethod];
  const smooth =
    def === null ? o.smoothMethod : `${o.smoothMethod}[${pyFixed(o.smoothValue ?? def, 2)}]`;
  return [
    ["case", o.lowercase ? "lc" : "mixed"],
    ["eff", o.effectiveOrder ? "yes" : "no"],
    ["tok", o.tokenize],
    ["smooth", smooth],
  ] as Array<[string, string]>;
}

export function bleuSignature(
  o: ResolvedBleuOptions,
  extras: SignatureExtras,
  short = false,
): string {
  return formatSignature(signatureEntries(extras, bleuSignatureEntries(o)), short);
}

export function statsConfig(o: ResolvedBleuOptions): BleuStatsConfig {
  return { tokenize: o.tokenize, lowercase: o.lowercase, maxNgramOrder: o.maxNgramOrder };
}

export function sumRows(stats: Float64Array, width: number): Float64Array {
  const out = new Float64Array(width);
  for (let i = 0; i < stats.length; i += width)
    for (let j = 0; j < width; j++) out[j]! += stats[i + j]!;
  return out;
}

/** Corpus BLEU: statistics are summed over segments, then BLEU is computed once (not an average). */
export function corpusBleu(
  hypotheses: string[],
  references: (string | null)[][],
  options?: BleuOptions,
): BleuResult {
  const o = resolveBleuOptions("corpusBleu", options, false);
  assertCorpus("corpusBleu", hypotheses, references);
  const { stats, width, numRefs } = extractBleuStats(hypotheses, references, statsConfig(o));
  const parts = computeBleu(sumRows(stats, width), o);
  return { ...parts, signature: bleuSignature(o, { nrefs: numRefs }) };
}

/** Sentence BLEU as `sacrebleu.sentence_bleu`: effective order on by default. */
export function sentenceBleu(
  hypothesis: string,
  references: string[],
  options?: BleuOptions,
): BleuResult {
  if (typeof hypothesis !== "string")
    throw new TypeError(`sentenceBleu: hypothesis must be a string, got ${typeof hypothesis}`);
  assertStringArray("sentenceBleu", "references", references);
  if (references.length === 0)
    throw new RangeError("sentenceBleu: at least one reference is required");
  return corpusBleu(
    [hypothesis],
    references.map((r) => [r]),
    { ...options, effectiveOrder: options?.effectiveOrder ?? true },
  );
}
