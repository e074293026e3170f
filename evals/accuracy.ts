/**
 * Exact-match accuracy with named normalisation modes, each recorded in a signature so numbers
 * from different conventions are never compared by accident (docs: reference evals.md §9).
 * "exact": equality after Python strip(). "squad": the official SQuAD v1.1 `normalize_answer`
 * (Rajpurkar et al., 2016): lowercase, drop ASCII punctuation, drop articles, collapse
 * whitespace. "lm-eval": lm-evaluation-harness `exact_match` (regexes, case, punctuation,
 * numbers, in that order; no whitespace normalisation). Several gold answers: any match counts.
 */
import { ASCII_PUNCT, pyLower, pySplit, pyStrip } from "./internal/python-text";
import { assertKnownOptions, assertOneOf } from "./internal/validate";

export const MATCH_MODES = ["exact", "squad", "lm-eval"] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

export interface ExactMatchOptions {
  mode?: MatchMode;
  ignoreCase?: boolean;
  ignorePunctuation?: boolean;
  ignoreNumbers?: boolean;
  regexesToIgnore?: string[];
}
export interface AccuracyResult {
  /** 1 for a match, 0 otherwise (corpus accuracy is the mean, on a 0–1 scale). */
  score: number;
  correct: boolean;
  signature: string;
}

const ARTICLES = /(?<![\p{L}\p{N}_])(a|an|the)(?![\p{L}\p{N}_])/gu;
const stripPunct = (s: string) =>
  Array.from(s)
    .filter((c) => !ASCII_PUNCT.has(c))
    .join("");

export function normalizeSquad(s: string): string {
  return pySplit(stripPunct(pyLower(s)).replace(ARTICLES, " ")).join(" ");
}

function normalizer(o: ExactMatchOptions): (s: string) => string {
  const mode = o.mode ?? "squad";
  if (mode === "exact") return pyStrip;
  if (mode === "squad") return normalizeSquad;
  const regexes = (o.regexesToIgnore ?? []).map(pythonRegex);
  return (s) => {
    for (const re of regexes) s = s.replace(re, "");
    if (o.ignoreCase) s = pyLower(s);
    if (o.ignorePunctuation) s = stripPunct(s);
    if (o.ignoreNumbers) s = s.replace(/[0-9]/g, "");
    return s;
  };
}

/** lm-eval task YAMLs are Python regexes; accept their leading inline flags, e.g. "(?s).*#### ". */
function pythonRegex(pattern: string, index: number): RegExp {
  const m = /^\(\?([ims]+)\)/.exec(pattern);
  const flags = new Set(["g", "u", ...(m ? m[1]!.split("") : [])]);
  try {
    return new RegExp(m ? pattern.slice(m[0].length) : pattern, [...flags].join(""));
  } catch (e) {
    throw new TypeError(
      `exactMatch: regexesToIgnore[${index}] is not a valid regular expression: ${(e as Error).message}`,
    );
  }
}

export function accuracySignature(o: ExactMatchOptions): string {
  const mode = o.mode ?? "squad";
  const flags =
    mode === "lm-eval"
      ? `|case:${o.ignoreCase ? "ignore" : "keep"}|punct:${o.ignorePunctuation ? "ignore" : "keep"}|num:${o.ignoreNumbers ? "ignore" : "keep"}|regexes:${(o.regexesToIgnore ?? []).length}`
      : "";
  return `acc|norm:${mode}${flags}|refs:any|scale:0-1`;
}

function check(where: string, options?: ExactMatchOptions): ExactMatchOptions {
  assertKnownOptions(where, options, [
    "mode",
    "ignoreCase",
    "ignorePunctuation",
    "ignoreNumbers",
    "regexesToIgnore",
  ]);
  const o = options ?? {};
  assertOneOf(where, "mode", o.mode ?? "squad", MATCH_MODES);
  if (
    o.mode !== "lm-eval" &&
    (o.ignoreCase !== undefined ||
      o.ignorePunctuation !== undefined ||
      o.ignoreNumbers !== undefined ||
      o.regexesToIgnore !== undefined)
  ) {
    throw new TypeError(
      `${where}: ignoreCase/ignorePunctuation/ignoreNumbers/regexesToIgnore apply only to mode "lm-eval"`,
    );
  }
  return o;
}

export function exactMatch(
  prediction: string,
  references: string | string[],
  options?: ExactMatchOptions,
): AccuracyResult {
  const where = "exactMatch";
  const o = check(where, options);
  if (typeof prediction !== "string")
    throw new TypeError(`${where}: prediction must be a string, got ${typeof prediction}`);
  const refs = typeof references === "string" ? [references] : references;
  if (!Array.isArray(refs) || refs.length === 0)
    throw new RangeError(`${where}: at least one reference is required`);
  refs.forEach((r, i) => {
    if (typeof r !== "string")
      throw new TypeError(`${where}: references[${i}] must be a string, got ${typeof r}`);
  });
  const norm = normalizer(o);
  const p = norm(prediction);
  const correct = refs.some((r) => norm(r) === p);
  return { score: correct ? 1 : 0, correct, signature: accuracySignature(o) };
}

/**
 * Multiple-choice answer extraction: the letter the model committed to ("Answer: C", "(b)",
 * "C." or a bare "C"), or null. Letters are matched case-insensitively against `choices`.
 */
export function extractChoice(
  text: string,
  choices: string[] = ["A", "B", "C", "D"],
): string | null {
  const set = choices.map((c) => c.toUpperCase());
  const alt = set.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  const patterns = [
    new RegExp(`answer\\s*(?:is)?\\s*[:：]?\\s*\\(?(${alt})\\b\\)?`, "iu"),
    new RegExp(`^\\s*\\(?(${alt})[).:]?(?:\\s|$)`, "iu"),
    new RegExp(`\\((${alt})\\)`, "iu"),
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) return m[1]!.toUpperCase();
  }
  return null;
}

/**
 * Numeric match: the last number in the prediction (commas and a leading $ ignored, as the
 * gsm8k convention) equals the reference within |p − r| <= max(absTol, relTol·|r|).
 */
export function numericMatch(
  prediction: string,
  reference: number | string,
  options?: { relTol?: number; absTol?: number },
): AccuracyResult {
  assertKnownOptions("numericMatch", options, ["relTol", "absTol"]);
  const relTol = options?.relTol ?? 1e-9,
    absTol = options?.absTol ?? 0;
  const nums = prediction
    .replace(/(\d),(?=\d{3}\b)/g, "$1")
    .match(/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g);
  const ref = typeof reference === "number" ? reference : Number(reference.replace(/[,$\s]/g, ""));
  if (!Number.isFinite(ref))
    throw new TypeError(`numericMatch: reference ${JSON.stringify(reference)} is not a number`);
  const p = nums ? Number(nums[nums.length - 1]) : NaN;
  const correct =
    Number.isFinite(p) && Math.abs(p - ref) <= Math.max(absTol, relTol * Math.abs(ref));
  return {
    score: correct ? 1 : 0,
    correct,
    signature: `acc|norm:numeric|rtol:${relTol}|atol:${absTol}|scale:0-1`,
  };
}
