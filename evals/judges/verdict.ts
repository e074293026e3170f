/**
 * Reading a judge's answer, as FastChat's llm_judge does (lm-sys/FastChat `common.py`, Zheng et
 * al. 2023, arXiv:2306.05685). Pairwise: substring tests in the order [[A]] → [[B]] → [[C]], so an
 * answer naming both [[A]] and [[B]] reads as A. Single: `\[\[(\d+\.?\d*)\]\]`, falling back to
 * `\[(\d+\.?\d*)\]`. Where FastChat scores an unparsable answer -1 and drops it later, these return
 * null, and a rating outside 1–10 is null too (FastChat would keep it): an out-of-scale number is
 * not a verdict on the scale the prompt asked for.
 */

/** A pairwise verdict as the judge wrote it: A = the first answer shown, C = a tie. */
export type PairwiseChoice = "A" | "B" | "C";

export const RATING_MIN = 1;
export const RATING_MAX = 10;

export function parsePairwise(text: string): PairwiseChoice | null {
  if (text.includes("[[A]]")) return "A";
  if (text.includes("[[B]]")) return "B";
  if (text.includes("[[C]]")) return "C";
  return null;
}

const RATING = /\[\[(\d+\.?\d*)\]\]/;
const RATING_FALLBACK = /\[(\d+\.?\d*)\]/;

export function parseRating(text: string): number | null {
  const m = RATING.exec(text) ?? RATING_FALLBACK.exec(text);
  if (!m) return null;
  const rating = Number(m[1]);
  return rating >= RATING_MIN && rating <= RATING_MAX ? rating : null;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A rubric answer: one line per criterion, `<key>: [[rating]]` (the built-in rubric template asks
 * for exactly that). Null unless every criterion has a rating in 1–10: a partial rubric is not a
 * verdict. When a key appears twice the first line counts, as FastChat takes the first match.
 */
export function parseRubric(
  text: string,
  criteria: readonly string[],
): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const key of criteria) {
    const line = new RegExp(
      `^[\\s*#>-]*${escapeRegex(key)}[*\\s]*:[^\\n\\[]*\\[\\[(\\d+\\.?\\d*)\\]\\]`,
      "im",
    );
    const m = line.exec(text);
    const rating = m ? Number(m[1]) : Number.NaN;
    if (!(rating >= RATING_MIN && rating <= RATING_MAX)) return null;
    out[key] = rating;
  }
  return out;
}

/** A 1–10 rating on the 0–100 scale every suite metric uses: (rating − 1) / 9 · 100. */
export const ratingToScore = (rating: number): number =>
  ((rating - RATING_MIN) / (RATING_MAX - RATING_MIN)) * 100;
