/**
 * sacreBLEU `TokenizerRegexp` (tokenizer_re.py), the mteval-v13a punctuation rules shared by
 * the 13a and zh tokenizers. R1 is written without the `u` flag: under `u`, `\:` `\@` `\~` are
 * syntax errors; this literal matches exactly the ASCII class of the Python pattern.
 */
import { pySplit } from "../internal/python-text";

const R1 = /([{-~[-` -&(-+:-@/])/g;
const R2 = /([^0-9])([.,])/g;
const R3 = /([.,])([^0-9])/g;
const R4 = /([0-9])(-)/g;

export function tokenizeRegexp(line: string): string {
  const out = line
    .replace(R1, " $1 ")
    .replace(R2, "$1 $2 ")
    .replace(R3, " $1 $2")
    .replace(R4, "$1 $2 ");
  return pySplit(out).join(" ");
}
