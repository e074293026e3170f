/** Child process of bench/evals/rouge.ts: scores the summaries with rougeScore, prints timing. */
import { readFileSync, writeFileSync } from "node:fs";
import { rougeScore } from "../../evals/rouge";

const [flag, input, output] = process.argv.slice(2);
const data = JSON.parse(readFileSync(input!, "utf8")) as {
  predictions: string[];
  references: string[][];
};
const types = ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const;
const opts = { types, useStemmer: flag === "stem" };
const t0 = performance.now();
const c0 = process.cpuUsage();
const results = data.predictions.map((p, i) => rougeScore(p, data.references[i]!, opts));
const seconds = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
// Per segment: P, R, F of each type in order, compared value by value with rouge-score's.
const scores = results.map((r) =>
  types.flatMap((t) => [r[t]!.precision, r[t]!.recall, r[t]!.fmeasure]),
);
writeFileSync(output!, JSON.stringify(scores));
process.stdout.write(
  JSON.stringify({
    seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
