/**
 * Python `str` semantics that sacreBLEU relies on (reference: docs evals.md §1.2).
 * Python's whitespace set differs from JS `\s`: U+001C–U+001F and U+0085 are whitespace in
 * Python but not in JS, U+FEFF is whitespace in JS but not in Python.
 */
export const PY_WS_CLASS = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_WS_RUN = new RegExp(`[${PY_WS_CLASS}]+`, "u");
const PY_WS_TRAIL = new RegExp(`[${PY_WS_CLASS}]+$`, "u");
const PY_WS_LEAD = new RegExp(`^[${PY_WS_CLASS}]+`, "u");

/** Python `s.split()`: split on runs of whitespace, no empty strings at either end. */
export function pySplit(s: string): string[] {
  const parts = s.split(PY_WS_RUN);
  if (parts.length > 0 && parts[0] === "") parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

export function pyRstrip(s: string): string {
  return s.replace(PY_WS_TRAIL, "");
}

export function pyStrip(s: string): string {
  return s.replace(PY_WS_LEAD, "").replace(PY_WS_TRAIL, "");
}

/** Python `str.lower()`: JS `toLowerCase()` is the same full (locale-free) mapping, except for
 *  characters newer than Python 3.11's Unicode 14 (see evals.md §1.2). */
export function pyLower(s: string): string {
  return s.toLowerCase();
}

/** ASCII `string.punctuation`, used by chrF++ word splitting and exact-match normalisation. */
export const ASCII_PUNCT = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
