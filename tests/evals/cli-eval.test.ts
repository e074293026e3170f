/**
 * `tunebench eval` against the `sacrebleu` CLI on the same generated files (unicode, CJK,
 * astral characters, Python-only whitespace, two references): stdout must be byte-identical.
 * Both run in the files' folder so system names match. Scenarios call cli/eval.ts in-process
 * (tsx start-up per scenario would dominate the suite); the last test spawns the real binary.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as runEval } from "@/cli/eval";
import { makeText, mulberry32, mutate } from "./generate";
import { hasOracle } from "./oracle";

async function inProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await runEval(args), stdout };
  } finally {
    process.stdout.write = write;
  }
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SACREBLEU = join(ROOT, ".venv/bin/sacrebleu");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const CLI = join(ROOT, "cli/tunebench.ts");

function exec(
  cmd: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "",
      stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// sacreBLEU argument list; ours is `eval <metric>` + the same list without `-m`.
const SCENARIOS: [string, string[]][] = [
  ["bleu", ["ref.a", "ref.b", "-i", "sys1"]],
  ["bleu", ["ref.a", "-i", "sys1", "-f", "text", "-tok", "intl", "-lc", "-w", "3"]],
  ["bleu", ["ref.a", "ref.b", "-i", "sys1", "--confidence", "-s", "floor", "-sv", "0.05"]],
  ["chrf", ["ref.a", "ref.b", "-i", "sys1", "--chrf-word-order", "2"]],
  ["chrf", ["ref.a", "-i", "sys1", "-f", "text", "--confidence", "--chrf-whitespace", "-sh"]],
  ["bleu", ["ref.a", "ref.b", "-i", "sys1", "sys2", "sys3", "--paired-bs"]],
  ["bleu", ["ref.a", "-i", "sys1", "sys2", "--paired-ar", "--paired-ar-n", "2000", "-tok", "char"]],
  [
    "chrf",
    ["ref.a", "ref.b", "-i", "sys1", "sys2", "--paired-ar", "-f", "text", "--paired-ar-n", "1000"],
  ],
  ["bleu", ["ref.a", "-i", "sys1", "-sl", "-f", "text", "-tok", "zh"]],
  ["bleu", ["ref.a", "ref.b", "-i", "sys1", "sys2", "-f", "text"]],
];

describe.skipIf(!hasOracle)("tunebench eval vs sacrebleu CLI", () => {
  let dir = "";
  const cwd = process.cwd();
  afterAll(() => process.chdir(cwd));
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tunebench-cli-"));
    process.chdir(dir);
    const rnd = mulberry32(4242);
    const oneLine = (s: string) => s.replace(/[\n\r]/g, " ");
    const a = Array.from({ length: 60 }, () => oneLine(makeText(rnd)));
    const b = a.map((r) => oneLine(mutate(rnd, r)));
    writeFileSync(join(dir, "ref.a"), `${a.join("\n")}\n`);
    writeFileSync(join(dir, "ref.b"), `${b.join("\n")}\n`);
    for (const s of ["sys1", "sys2", "sys3"])
      writeFileSync(join(dir, s), `${a.map((r) => oneLine(mutate(rnd, r))).join("\n")}\n`);
  });

  it.each(SCENARIOS)("%s %j", async (metric, args) => {
    const want = await exec(SACREBLEU, [...args, "-m", metric], dir);
    const got = await inProcess([metric, ...args]);
    expect(want.code).toBe(0);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(want.stdout);
  });

  it("accepts the `-i HYP REF...` order and reports bad arguments (spawned binary)", async () => {
    const [a, b] = await Promise.all([
      exec(TSX, [CLI, "eval", "bleu", "-i", "sys1", "ref.a", "ref.b"], dir),
      exec(SACREBLEU, ["ref.a", "ref.b", "-i", "sys1"], dir),
    ]);
    expect(a.stderr).toBe("");
    expect(a.stdout).toBe(b.stdout);
    const bad = await exec(
      TSX,
      [CLI, "eval", "bleu", "-i", "sys1", "ref.a", "--smooth", "exp"],
      dir,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown option "--smooth"/);
    const unknown = await exec(TSX, [CLI, "lint"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "lint"/);
  });
});
