/** The word units of chrF++ (sacreBLEU 2.6.0 `CHRF._remove_punctuation`): whitespace-split
 *  words, with at most one ASCII punctuation character split off each, trailing first (sacreBLEU
 *  issue #124). Its own file so the fast and the string-keyed extractors share it without
 *  importing each other. */
import { ASCII_PUNCT, pySplit } from "./internal/python-text";

export function splitWordsForChrf(sent: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sent)) {
    if (w.length === 1 || (w.length === 2 && w.codePointAt(0)! > 0xffff)) {
      out.push(w);
      continue;
    }
    const last =
      w.codePointAt(w.length - 1)! >= 0xdc00 && w.codePointAt(w.length - 1)! <= 0xdfff
        ? w.slice(-2)
        : w.slice(-1);
    const first = String.fromCodePoint(w.codePointAt(0)!);
    if (ASCII_PUNCT.has(last)) out.push(w.slice(0, w.length - last.length), last);
    else if (ASCII_PUNCT.has(first)) out.push(first, w.slice(first.length));
    else out.push(w);
  }
  return out;
}
