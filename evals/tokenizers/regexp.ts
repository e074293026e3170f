/**
 * sacreBLEU `TokenizerRegexp` (tokenizer_re.py), the mteval-v13a punctuation rules shared by
 * the 13a and zh tokenizers. R1 is written without the `u` flag: under `u`, `\:` `\@` `\~` are
 * syntax errors; this literal matches exactly the ASCII class of the Python pattern.
 */
import { pySplit } from "../internal/python-text";

// Upstream's class also holds the space (" -&"); padding spaces with spaces changes nothing once
// the result is split on whitespace, and skipping them makes this pass several times cheaper.
const R1 = /([{-~[-`!-&(-+:-@/])/g;
const R2 = /([^0-9])([.,])/g;
const R3 = /([.,])([^0-9])/g;
const R4 = /([0-9])(-)/g;

export function tokenizeRegexp(line: string): string {
  return tokenizeRegexpTokens(line).join(" ");
}

/** The same, returning the tokens (what BLEU splits the joined string back into). */
export function tokenizeRegexpTokens(line: string): string[] {
  const out = line
    .replace(R1, " $1 ")
    .replace(R2, "$1 $2 ")
    .replace(R3, " $1 $2")
    .replace(R4, "$1 $2 ");
  return pySplit(out);
}
