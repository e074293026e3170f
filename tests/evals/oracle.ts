/** Runs tests/evals/oracle.py once over a batch of cases (see that file). */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const PYTHON = fileURLToPath(new URL("../../.venv/bin/python", import.meta.url));
// Outside CI a checkout without `scripts/setup.sh --dev` skips the reference comparisons; in CI
// they must run, so a missing environment fails them instead of hiding them.
export const hasOracle = existsSync(PYTHON) || process.env.CI === "true";

export function runOracle<T = unknown>(cases: object[]): T[] {
  const res = spawnSync(PYTHON, [fileURLToPath(new URL("./oracle.py", import.meta.url))], {
    input: JSON.stringify(cases),
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (res.status !== 0) throw new Error(`oracle.py failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout) as T[];
}
