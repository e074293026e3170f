/**
 * Python number formatting, so printed scores match sacreBLEU byte for byte.
 * `format(x, '.nf')` rounds the exact binary value half-to-even; JS `toFixed` breaks exact ties
 * upwards (0.125.toFixed(2) === "0.13", Python gives "0.12").
 */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let s = ax.toFixed(digits);
  if (ax < 1e21) {
    const exact = ax.toFixed(100);
    const point = exact.indexOf(".");
    const tail = exact.slice(point + 1 + digits);
    if (/^50*$/.test(tail)) {
      const truncated = exact.slice(0, digits > 0 ? point + 1 + digits : point);
      const lastDigit = Number(truncated[truncated.length - 1]);
      if (lastDigit % 2 === 0) s = truncated;
    }
  }
  return neg ? `-${s}` : s;
}

/** Python `repr(float)`: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
export function pyFloatRepr(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e") as [string, string];
  const exp = Number(expStr);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1);
      body = `${intPart}.${frac === "" ? "0" : frac}`;
    } else {
      body = `0.${"0".repeat(-exp - 1)}${digits}`;
    }
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return neg ? `-${body}` : body;
}

export type PyJson = null | boolean | number | string | PyJson[] | { [k: string]: PyJson } | PyInt;

/** Marks a number that Python holds as an int (printed without ".0"). */
export class PyInt {
  constructor(readonly value: number) {}
}

/** Python `json.dumps(obj, indent, ensure_ascii)`; numbers are floats unless wrapped in PyInt. */
export function pyJsonDumps(value: PyJson, indent: number, ensureAscii: boolean): string {
  const pad = (level: number) => `\n${" ".repeat(indent * level)}`;
  const enc = (v: PyJson, level: number): string => {
    if (v === null) return "null";
    if (v instanceof PyInt) return String(v.value);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") return pyFloatRepr(v);
    if (typeof v === "string") return pyJsonString(v, ensureAscii);
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      return `[${v.map((x) => pad(level + 1) + enc(x, level + 1)).join(",")}${pad(level)}]`;
    }
    const entries = Object.entries(v);
    if (entries.length === 0) return "{}";
    return `{${entries.map(([k, x]) => `${pad(level + 1)}${pyJsonString(k, ensureAscii)}: ${enc(x, level + 1)}`).join(",")}${pad(level)}}`;
  };
  return enc(value, 0);
}

function pyJsonString(s: string, ensureAscii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || (ensureAscii && c > 0x7e)) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}
