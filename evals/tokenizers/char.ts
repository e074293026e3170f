/**
 * Tokenizer "char": sacreBLEU `TokenizerChar` (tokenizer_char.py): every code point becomes a
 * token (not every UTF-16 unit, so astral characters stay whole); whitespace tokens vanish at
 * n-gram extraction, which splits on Python whitespace.
 */
export function tokenizeChar(line: string): string {
  return Array.from(line).join(" ");
}
