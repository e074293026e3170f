/**
 * ROUGE tokenizers. "rouge-score" is rouge-score 0.1.2's `tokenize.tokenize` (Google's port of
 * ROUGE-1.5.5's): lowercase, every character outside [a-z0-9] separates tokens, tokens longer
 * than 3 characters go through NLTK's Porter stemmer when asked. It drops every non-ASCII
 * letter, so "unicode" keeps the letters, marks and digits of every script instead (see
 * evals/README.md for the exact rule); on ASCII text both give the same tokens.
 */
import { porterStem } from "./porter-stemmer";

export const ROUGE_TOKENIZERS = ["rouge-score", "unicode"] as const;
export type RougeTokenizer = (typeof ROUGE_TOKENIZERS)[number];

// Python's str.lower() maps only two non-ASCII code points into [a-z0-9] (U+0130 İ → "i̇",
// U+212A Kelvin → "k"); JS toLowerCase() maps the same ones (checked over every code point).
const ASCII_TOKEN = /[a-z0-9]+/g;
/** Scripts written without spaces between words: each character is a token of its own. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const STEMMABLE = /^[a-z0-9]{4,}$/;

/** NLTK's stemmer is costly and text repeats its words, so stems are remembered (bounded). */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 100_000;

function stem(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    s = porterStem(token);
    stemCache.set(token, s);
  }
  return s;
}

/** The tokens ROUGE compares for one text (one summary, or one line of it for rougeLsum). */
export function rougeTokenize(
  text: string,
  tokenize: RougeTokenizer = "rouge-score",
  useStemmer = false,
): string[] {
  const lower = text.toLowerCase();
  const tokens =
    tokenize === "rouge-score"
      ? (lower.match(ASCII_TOKEN) ?? [])
      : (lower.replace(UNSPACED, " $& ").match(WORD) ?? []);
  if (!useStemmer) return tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.length > 3 && (tokenize === "rouge-score" || STEMMABLE.test(t))) tokens[i] = stem(t);
  }
  return tokens;
}
