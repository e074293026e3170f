/**
 * ROUGE as Google's rouge-score 0.1.2 computes it (`rouge_scorer.RougeScorer`, Lin 2004):
 * rougeN from clipped n-gram counts, rougeL from the longest common subsequence of the whole
 * texts, rougeLsum from the summary-level union LCS over newline-separated sentences (with
 * ROUGE-1.5.5's guard against counting a token twice), and `score_multi`'s rule for several
 * references: per type, the first reference with the highest F-measure. Checked against
 * rouge-score itself in tests/evals/rouge-property.test.ts.
 */

import { assertKnownOptions, assertOneOf, assertStringArray, describe } from "./internal/validate";
import { type RougeScore, scoreLcs, scoreNgrams, scoreSummaryLcs } from "./rouge-stats";
import { ROUGE_TOKENIZERS, type RougeTokenizer, rougeTokenize } from "./rouge-tokenize";

export type { RougeScore } from "./rouge-stats";
export { ROUGE_TOKENIZERS, type RougeTokenizer, rougeTokenize } from "./rouge-tokenize";

/** rouge-score accepts rouge1 … rouge9 (`rouge[0-9]$`, n > 0), rougeL and rougeLsum. */
export const ROUGE_TYPES = [
  "rouge1",
  "rouge2",
  "rouge3",
  "rouge4",
  "rouge5",
  "rouge6",
  "rouge7",
  "rouge8",
  "rouge9",
  "rougeL",
  "rougeLsum",
] as const;
export type RougeType = (typeof ROUGE_TYPES)[number];
export const DEFAULT_ROUGE_TYPES: readonly RougeType[] = [
  "rouge1",
  "rouge2",
  "rougeL",
  "rougeLsum",
];
/** The release whose semantics are reproduced (recorded in signatures). */
export const ROUGE_SCORE_VERSION = "0.1.2";

export interface RougeOptions {
  /** Default rouge1, rouge2, rougeL, rougeLsum. */
  types?: readonly RougeType[];
  /** NLTK's Porter stemmer on tokens longer than 3 characters (rouge-score's use_stemmer). */
  useStemmer?: boolean;
  /** "rouge-score" (default) keeps only [a-z0-9]; "unicode" keeps letters of every script. */
  tokenize?: RougeTokenizer;
}
export type RougeResult = Partial<Record<RougeType, RougeScore>> & {
  /** e.g. "rouge|nrefs:1|tok:rouge-score|stem:no|multi:best-f|version:rouge-score-0.1.2" */
  signature: string;
};

/** Text as token ids, whole and line by line (rougeLsum's sentences are the non-empty lines). */
interface Tokenized {
  all: Int32Array;
  lines: Int32Array[];
}

/**
 * ROUGE of one prediction against one or more references, each value on a 0–1 scale.
 * `rouge_scorer.RougeScorer(types, use_stemmer).score_multi(references, prediction)`.
 */
export function rougeScore(
  prediction: string,
  references: string[],
  options: RougeOptions = {},
): RougeResult {
  const where = "rougeScore";
  const { types, useStemmer, tokenize } = checkRougeOptions(where, options ?? {});
  if (typeof prediction !== "string")
    throw new TypeError(`${where}: prediction must be a string, got ${describe(prediction)}`);
  assertStringArray(where, "references", references);
  if (references.length === 0) throw new RangeError(`${where}: no references`);

  const vocab = new Map<string, number>();
  const encode = (text: string): Tokenized => {
    const lines: Int32Array[] = [];
    let total = 0;
    // Tokens never span a newline, so the whole text's tokens are its lines' tokens in order.
    for (const line of text.split("\n")) {
      if (line.length === 0) continue;
      const ids = rougeTokenize(line, tokenize, useStemmer).map((t) => {
        let id = vocab.get(t);
        if (id === undefined) {
          id = vocab.size;
          vocab.set(t, id);
        }
        return id;
      });
      lines.push(Int32Array.from(ids));
      total += ids.length;
    }
    const all = new Int32Array(total);
    let at = 0;
    for (const l of lines) {
      all.set(l, at);
      at += l.length;
    }
    return { all, lines };
  };
  const pred = encode(prediction);
  const refs = references.map(encode);

  const result: RougeResult = {
    signature: rougeSignature("rouge", String(references.length), { useStemmer, tokenize }),
  };
  for (const type of types) {
    let best: RougeScore | undefined;
    for (const ref of refs) {
      const s = scoreType(type, ref, pred, vocab.size);
      if (best === undefined || s.fmeasure > best.fmeasure) best = s;
    }
    result[type] = best!;
  }
  return result;
}

function scoreType(type: RougeType, ref: Tokenized, pred: Tokenized, vocabSize: number) {
  if (type === "rougeL") return scoreLcs(ref.all, pred.all);
  if (type === "rougeLsum") return scoreSummaryLcs(ref.lines, pred.lines, vocabSize);
  return scoreNgrams(ref.all, pred.all, Number(type.slice(5)), vocabSize);
}

/**
 * "rouge|nrefs:1|tok:rouge-score|stem:no|multi:best-f|version:rouge-score-0.1.2": what the
 * numbers depend on. `name` is "rouge", or one type's name for a per-type corpus score.
 */
export function rougeSignature(name: string, nrefs: string, options: RougeOptions = {}): string {
  const tok = options.tokenize ?? "rouge-score";
  const stem = options.useStemmer ? "porter" : "no";
  return `${name}|nrefs:${nrefs}|tok:${tok}|stem:${stem}|multi:best-f|version:rouge-score-${ROUGE_SCORE_VERSION}`;
}

export function checkRougeOptions(where: string, options: RougeOptions): Required<RougeOptions> {
  assertKnownOptions(where, options, ["types", "useStemmer", "tokenize"]);
  const types = options.types ?? DEFAULT_ROUGE_TYPES;
  if (!Array.isArray(types) || types.length === 0)
    throw new TypeError(`${where}: option types must be a non-empty array of ROUGE types`);
  types.forEach((t, i) => {
    assertOneOf(where, `types[${i}]`, t, ROUGE_TYPES);
  });
  const tokenize = options.tokenize ?? "rouge-score";
  assertOneOf(where, "tokenize", tokenize, ROUGE_TOKENIZERS);
  const useStemmer = options.useStemmer ?? false;
  if (typeof useStemmer !== "boolean")
    throw new TypeError(
      `${where}: option useStemmer must be true or false, got ${JSON.stringify(useStemmer)}`,
    );
  return { types, useStemmer, tokenize };
}
