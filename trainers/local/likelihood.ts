import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LikelihoodRequest, SampleLikelihood } from "../types";
import { runWorkerJob } from "./process";
import { promptLines } from "./spec";

/**
 * Runs `python -m worker perplexity` to completion and returns each sample's summed NLL and token
 * count in request order.
 */
export async function likelihoodLocal(req: LikelihoodRequest): Promise<SampleLikelihood[]> {
  const dir = path.resolve(req.workDir);
  const samples = path.join(dir, "samples.jsonl");
  const spec = path.join(dir, "perplexity.json");
  const out = path.join(dir, "nll.jsonl");
  await runWorkerJob({
    command: "perplexity",
    what: "perplexity",
    dir,
    spec,
    out,
    writeInputs: async () => {
      await writeFile(samples, promptLines(req.samples));
      const body = { base_model: req.baseModel, adapter: req.adapterPath, samples_file: samples };
      await writeFile(spec, JSON.stringify(body));
    },
  });
  const byId = new Map<string, SampleLikelihood>();
  const lines = (await readFile(out, "utf8")).split("\n").filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const row = JSON.parse(line) as Partial<SampleLikelihood>;
    const valid =
      typeof row.id === "string" &&
      Number.isFinite(row.nll) &&
      Number.isInteger(row.tokens) &&
      row.tokens! > 0;
    if (!valid)
      throw new Error(`${out}:${i + 1}: expected {"id": string, "nll": number, "tokens": n ≥ 1}`);
    byId.set(row.id!, row as SampleLikelihood);
  }
  return req.samples.map((s) => {
    const scored = byId.get(s.id);
    if (!scored) throw new Error(`perplexity returned no score for sample ${s.id}`);
    return scored;
  });
}
