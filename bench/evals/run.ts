/**
 * Benchmark: corpusBleu / corpusChrf against sacreBLEU 2.6.0 (Python API and CLI) on a
 * deterministic 100,000-segment corpus with two references. Each measurement runs in its own
 * process so peak RSS is that tool's alone. Checks that scores are equal, prints a table.
 *   npx tsx bench/evals/run.ts [--segments N] [--metrics bleu,chrf]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCorpus } from "./corpus";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PY = join(ROOT, ".venv/bin/python");
const SACREBLEU = join(ROOT, ".venv/bin/sacrebleu");
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : def;
};
const segments = Number(arg("--segments", "100000"));
const metrics = arg("--metrics", "bleu,chrf").split(",") as ("bleu" | "chrf")[];

interface Measure {
  tool: string;
  score: string;
  wall: number;
  cpu: number;
  rssMb: number;
}

function timed(
  cmd: string,
  args: string[],
): { stdout: string; wall: number; cpu: number; rssMb: number } {
  const r = spawnSync("/usr/bin/time", ["-f", "@@TIME %e %U %S %M", cmd, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const m = /@@TIME (\S+) (\S+) (\S+) (\S+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return {
    stdout: r.stdout.trim(),
    wall: Number(m[1]),
    cpu: Number(m[2]) + Number(m[3]),
    rssMb: Number(m[4]) / 1024,
  };
}

const dir = join(tmpdir(), `tunebench-bench-evals-${segments}`);
mkdirSync(dir, { recursive: true });
const files = buildCorpus(dir, segments);
const fileArgs = [files.hyp, ...files.refs];
console.log(`corpus: ${segments} segments, 2 references, in ${dir}\n`);

const rows: string[] = [];
let allEqual = true;
for (const metric of metrics) {
  // In-process API timings (computation only, files already read), one process each.
  const ours = JSON.parse(
    timed("node", ["--import", "tsx", "bench/evals/measure.ts", metric, ...fileArgs]).stdout,
  );
  const theirs = JSON.parse(
    timed(PY, ["bench/evals/measure_sacrebleu.py", metric, ...fileArgs]).stdout,
  );
  // Whole CLI processes: start-up, reading, scoring, printing.
  const ourCli = timed("node", [
    "--import",
    "tsx",
    "cli/tunebench.ts",
    "eval",
    metric,
    "-i",
    files.hyp,
    ...files.refs,
    "-b",
    "-w",
    "4",
  ]);
  const theirCli = timed(SACREBLEU, [
    ...files.refs,
    "-i",
    files.hyp,
    "-m",
    metric,
    "-b",
    "-w",
    "4",
  ]);
  const apiEqual =
    metric === "chrf" ? ours.score === theirs.score : Math.abs(ours.score - theirs.score) <= 1e-9;
  const cliEqual = ourCli.stdout === theirCli.stdout;
  allEqual &&= apiEqual && cliEqual;
  const api: Measure[] = [
    {
      tool: "tunebench API",
      score: String(ours.score),
      wall: ours.seconds,
      cpu: ours.cpuSeconds,
      rssMb: ours.maxRssMb,
    },
    {
      tool: "sacreBLEU API",
      score: String(theirs.score),
      wall: theirs.seconds,
      cpu: theirs.cpuSeconds,
      rssMb: theirs.maxRssMb,
    },
  ];
  const cli: Measure[] = [
    {
      tool: "tunebench CLI",
      score: ourCli.stdout,
      wall: ourCli.wall,
      cpu: ourCli.cpu,
      rssMb: ourCli.rssMb,
    },
    {
      tool: "sacreBLEU CLI",
      score: theirCli.stdout,
      wall: theirCli.wall,
      cpu: theirCli.cpu,
      rssMb: theirCli.rssMb,
    },
  ];
  for (const [pair, equal] of [
    [api, apiEqual],
    [cli, cliEqual],
  ] as const) {
    const a = pair[0]!,
      b = pair[1]!;
    rows.push(
      `| ${metric} | ${a.tool} | ${a.score} | ${a.wall.toFixed(2)} | ${a.cpu.toFixed(2)} | ${a.rssMb.toFixed(0)} | ${(b.wall / a.wall).toFixed(1)}× wall, ${(b.cpu / a.cpu).toFixed(1)}× CPU | ${equal ? "yes" : "NO"} |`,
    );
    rows.push(
      `| ${metric} | ${b.tool} | ${b.score} | ${b.wall.toFixed(2)} | ${b.cpu.toFixed(2)} | ${b.rssMb.toFixed(0)} | 1.0× | |`,
    );
  }
}
console.log(
  "| metric | tool | score | wall s | CPU s | peak RSS MiB | speedup vs sacreBLEU | equal |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(r);
if (!allEqual) {
  console.error("\nscores differ from sacreBLEU");
  process.exitCode = 1;
}
