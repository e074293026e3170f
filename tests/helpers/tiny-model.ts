import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

/** Path of the tiny generated test model, built once per machine (it is deterministic). Test
 *  files run in parallel, so it is written to a private folder and renamed into place. */
export function tinyModelDir(): string {
  const dir = process.env.TUNEBENCH_TINY_MODEL || path.resolve(".tunebench/tiny-model");
  if (existsSync(path.join(dir, "model.safetensors"))) return dir;
  const python = process.env.TUNEBENCH_PYTHON || path.resolve(".venv/bin/python");
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(path.dirname(dir), { recursive: true });
  execFileSync(python, ["tests/helpers/make-tiny-model.py", tmp], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another test file got there first
  }
  return dir;
}
