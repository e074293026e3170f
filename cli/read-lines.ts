/** Reads a text file as the sacreBLEU CLI does: UTF-8, split on "\n" only, each line rstripped
 *  (Python whitespace), gzip when the name ends in .gz. */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { pyRstrip } from "../evals/internal/python-text";

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
  return lines.map(pyRstrip);
}
