/**
 * Benchmark: rougeScore against Google's rouge-score 0.1.2 (Python API), both single-threaded,
 * on deterministic multi-sentence summaries with two references each. Every tool runs in its own
 * process (peak RSS is its own); every precision, recall and F-measure must be equal.
 *   npx tsx bench/evals/rouge.ts [--segments N]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCorpus } from "./corpus";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PY = join(ROOT, ".venv/bin/python");
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : def;
};
const segments = Number(arg("--segments", "20000"));

// Summaries of 1–3 sentences (newline-separated, as rougeLsum expects) cut from the BLEU corpus.
const dir = join(tmpdir(), `tunebench-bench-rouge-${segments}`);
mkdirSync(dir, { recursive: true });
const files = buildCorpus(dir, 3 * segments);
const lines = (f: string) => readFileSync(f, "utf8").split("\n");
const [hyp, r1, r2] = [lines(files.hyp), lines(files.refs[0]!), lines(files.refs[1]!)];
const summary = (ls: string[], i: number) => ls.slice(3 * i, 3 * i + 1 + (i % 3)).join("\n");
const data = {
  predictions: Array.from({ length: segments }, (_, i) => summary(hyp, i)),
  references: Array.from({ length: segments }, (_, i) => [summary(r1!, i), summary(r2!, i)]),
};
const input = join(dir, "summaries.json");
writeFileSync(input, JSON.stringify(data));
console.log(`corpus: ${segments} summaries of 1–3 sentences, 2 references each, in ${dir}\n`);

interface Measured {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  scores: number[][];
}
function measure(cmd: string, args: string[], out: string): Measured {
  const r = spawnSync(cmd, [...args, input, out], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return { ...JSON.parse(r.stdout), scores: JSON.parse(readFileSync(out, "utf8")) };
}

const rows: string[] = [];
let allEqual = true;
for (const stem of [false, true]) {
  const flag = stem ? "stem" : "nostem";
  const ours = measure(
    "node",
    ["--import", "tsx", "bench/evals/measure_rouge.ts", flag],
    join(dir, `ours-${flag}.json`),
  );
  const theirs = measure(
    PY,
    ["bench/evals/measure_rouge_score.py", flag],
    join(dir, `theirs-${flag}.json`),
  );
  const equal = JSON.stringify(ours.scores) === JSON.stringify(theirs.scores);
  allEqual &&= equal;
  const mean = (m: Measured) => m.scores.reduce((a, s) => a + s[2]!, 0) / m.scores.length;
  const speed = `${(theirs.seconds / ours.seconds).toFixed(1)}× wall, ${(theirs.cpuSeconds / ours.cpuSeconds).toFixed(1)}× CPU`;
  for (const [tool, m, vs] of [
    ["tunebench", ours, speed],
    ["rouge-score", theirs, "1.0×"],
  ] as const) {
    rows.push(
      `| ${stem ? "yes" : "no"} | ${tool} | ${mean(m).toFixed(6)} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${m.maxRssMb.toFixed(0)} | ${vs} | ${tool === "tunebench" ? (equal ? "yes" : "NO") : ""} |`,
    );
  }
}
console.log(
  "| stemmer | tool | mean rouge1 F | wall s | CPU s | peak RSS MiB | speedup vs rouge-score | all equal |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(r);
if (!allEqual) {
  console.error("\nscores differ from rouge-score");
  process.exitCode = 1;
}
