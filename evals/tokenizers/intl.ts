/**
 * Tokenizer "intl": sacreBLEU `TokenizerV14International` (tokenizer_intl.py), mteval-v14
 * `--international-tokenization`. Unicode property classes come from the runtime (V8/ICU) here
 * and from the `regex` module in Python, so only newly assigned code points can differ.
 * No entity unescaping and no padding, so a final "." after a number stays attached (kept quirk).
 */
import { pySplit } from "../internal/python-text";

const NON_DIGIT_THEN_PUNCT = /(\P{N})(\p{P})/gu;
const PUNCT_THEN_NON_DIGIT = /(\p{P})(\P{N})/gu;
const SYMBOL = /(\p{S})/gu;

export function tokenizeIntl(line: string): string {
  const out = line
    .replace(NON_DIGIT_THEN_PUNCT, "$1 $2 ")
    .replace(PUNCT_THEN_NON_DIGIT, " $1 $2")
    .replace(SYMBOL, " $1 ");
  return pySplit(out).join(" ");
}
