/** Child process of bench/evals/run.ts: scores the files with our API, prints JSON timing + peak RSS. */

import { readLines } from "../../cli/read-lines";
import { corpusBleu } from "../../evals/bleu";
import { corpusChrf } from "../../evals/chrf";

const [metric, hyp, ...refs] = process.argv.slice(2);
const hyps = readLines(hyp!);
const streams = refs.map(readLines);
const t0 = performance.now();
const c0 = process.cpuUsage();
const score = metric === "bleu" ? corpusBleu(hyps, streams).score : corpusChrf(hyps, streams).score;
const seconds = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
const cpuSeconds = (c.user + c.system) / 1e6;
process.stdout.write(
  JSON.stringify({ score, seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
