/**
 * Tokenizer "zh": sacreBLEU `TokenizerZh` (tokenizer_zh.py, after mteval-v13a by Jun Zhang):
 * wraps every "Chinese" character in spaces, then applies the 13a regexp rules, without the 13a
 * preamble (no entity unescaping, no padding).
 * Python quirk kept on purpose: upstream writes two ranges as '\u20000'-'\u2a6d6' and
 * '\u2f800'-'\u2fa1d', which are 2-character strings; compared with one character they act as
 * U+2001–U+2A6D and U+2F81–U+2FA1 (general punctuation, arrows, math operators count as Chinese).
 */
import { pyStrip } from "../internal/python-text";
import { tokenizeRegexp } from "./regexp";

const RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4db5],
  [0x4e00, 0x9fa5],
  [0x9fa6, 0x9fbb],
  [0xf900, 0xfa2d],
  [0xfa30, 0xfa6a],
  [0xfa70, 0xfad9],
  [0x2001, 0x2a6d],
  [0x2f81, 0x2fa1],
  [0xff00, 0xffef],
  [0x2e80, 0x2eff],
  [0x3000, 0x303f],
  [0x31c0, 0x31ef],
  [0x2f00, 0x2fdf],
  [0x2ff0, 0x2fff],
  [0x3100, 0x312f],
  [0x31a0, 0x31bf],
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe4f],
  [0x2600, 0x26ff],
  [0x2700, 0x27bf],
  [0x3200, 0x32ff],
  [0x3300, 0x33ff],
];

function isChineseChar(cp: number): boolean {
  for (const [lo, hi] of RANGES) if (cp >= lo && cp <= hi) return true;
  return false;
}

export function tokenizeZh(input: string): string {
  let out = "";
  for (const ch of pyStrip(input)) {
    out += isChineseChar(ch.codePointAt(0)!) ? ` ${ch} ` : ch;
  }
  return tokenizeRegexp(out);
}
