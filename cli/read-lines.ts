/** Reads a text file as the sacreBLEU CLI does: UTF-8, split on "\n" only, each line rstripped
 *  (Python whitespace), gzip when the name ends in .gz. */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const PY_WS_TRAIL = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u;

export function readLines(file: string): string[] {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const text = (file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8");
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => l.replace(PY_WS_TRAIL, ""));
}
