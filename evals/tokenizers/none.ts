/**
 * Tokenizer "none": sacreBLEU `NoneTokenizer` (tokenizer_none.py), the identity. Use it for
 * text that is already tokenized; n-grams are still split on Python whitespace.
 */
export function tokenizeNone(line: string): string {
  return line;
}
