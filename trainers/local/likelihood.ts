import type { LikelihoodRequest, SampleLikelihood } from "../types";
import { runWorkerJob } from "./process";
import { promptLines } from "./spec";

/**
 * Runs `python -m worker perplexity` to completion and returns each sample's summed NLL and token
 * count in request order.
 */
export async function likelihoodLocal(req: LikelihoodRequest): Promise<SampleLikelihood[]> {
  const out = await runWorkerJob({
    command: "perplexity",
    what: "perplexity",
    workDir: req.workDir,
    input: { name: "samples.jsonl", lines: promptLines(req.samples) },
    spec: (samplesFile) => ({
      base_model: req.baseModel,
      adapter: req.adapterPath,
      samples_file: samplesFile,
    }),
    out: "nll.jsonl",
  });
  const byId = new Map<string, SampleLikelihood>();
  for (const [i, line] of out.lines.entries()) {
    const row = JSON.parse(line) as Partial<SampleLikelihood>;
    const valid =
      typeof row.id === "string" &&
      Number.isFinite(row.nll) &&
      Number.isInteger(row.tokens) &&
      row.tokens! > 0;
    if (!valid)
      throw new Error(
        `${out.file}:${i + 1}: expected {"id": string, "nll": number, "tokens": n ≥ 1}`,
      );
    byId.set(row.id!, row as SampleLikelihood);
  }
  return req.samples.map((s) => {
    const scored = byId.get(s.id);
    if (!scored) throw new Error(`perplexity returned no score for sample ${s.id}`);
    return scored;
  });
}
