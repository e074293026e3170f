import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** Path of the tiny generated test model, built once per machine (it is deterministic). */
export function tinyModelDir(): string {
  const dir = process.env.TUNEBENCH_TINY_MODEL || path.resolve(".tunebench/tiny-model");
  if (!existsSync(path.join(dir, "model.safetensors"))) {
    const python = process.env.TUNEBENCH_PYTHON || path.resolve(".venv/bin/python");
    execFileSync(python, ["tests/helpers/make-tiny-model.py", dir], { stdio: ["ignore", "ignore", "inherit"] });
  }
  return dir;
}
