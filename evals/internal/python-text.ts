/**
 * Python `str` semantics that sacreBLEU relies on (reference: docs evals.md §1.2).
 * Python's whitespace set differs from JS `\s`: U+001C–U+001F and U+0085 are whitespace in
 * Python but not in JS, U+FEFF is whitespace in JS but not in Python.
 */
export const PY_WS_CLASS =
  "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
// All Python whitespace is in the BMP, so no `u` flag is needed (and the regex is faster without it).
const PY_WS_RUN = new RegExp(`[${PY_WS_CLASS}]+`);

/** Python `s.split()`: split on runs of whitespace, no empty strings at either end. */
export function pySplit(s: string): string[] {
  const parts = s.split(PY_WS_RUN);
  if (parts.length > 0 && parts[0] === "") parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPyWhitespace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

export function pyStrip(s: string): string {
  let start = 0;
  while (start < s.length && isPyWhitespace(s.charCodeAt(start))) start++;
  return pyRstrip(start === 0 ? s : s.slice(start));
}

/** Python `str.lower()`: JS `toLowerCase()` is the same full (locale-free) mapping, except for
 *  characters newer than Python 3.11's Unicode 14 (see evals.md §1.2). */
export function pyLower(s: string): string {
  return s.toLowerCase();
}

/** ASCII `string.punctuation`, used by chrF++ word splitting and exact-match normalisation. */
export const ASCII_PUNCT = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

/** Python `str.isspace()` for one code point (the set `split()` splits on). */
export function isPyWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x1c;
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}
