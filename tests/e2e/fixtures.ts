import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "./setup";

/** Date reformatting: a task small enough for a tiny model and unambiguous to score. */
export function dateLines(n: number, seed = 1): string[] {
  const lines: string[] = [];
  let x = seed;
  const rnd = (m: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % m;
  };
  for (let i = 0; i < n; i++) {
    const y = 1990 + rnd(40);
    const mo = 1 + rnd(12);
    const d = 1 + rnd(28);
    const iso = `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    const out = `${String(d).padStart(2, "0")}/${String(mo).padStart(2, "0")}/${y}`;
    lines.push(
      JSON.stringify({
        messages: [
          { role: "user", content: `Rewrite ${iso} as DD/MM/YYYY.` },
          { role: "assistant", content: out },
        ],
      }),
    );
  }
  return lines;
}

/** The tiny random Llama-shaped model S2's helper writes; generated once per machine. */
export function tinyModel(): string {
  const out = path.join(
    process.env.E2E_MODEL_CACHE ?? path.join(tmpdir(), "tunebench-e2e-models"),
    "tiny-llama",
  );
  if (existsSync(path.join(out, "config.json"))) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  const python = process.env.TUNEBENCH_PYTHON ?? path.join(ROOT, ".venv/bin/python");
  const res = spawnSync(python, [path.join(ROOT, "tests/helpers/make-tiny-model.py"), out], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (res.status !== 0)
    throw new Error(
      `make-tiny-model.py failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`,
    );
  return out;
}
