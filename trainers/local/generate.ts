import type { GenerateRequest, Prediction } from "../types";
import { runWorkerJob } from "./process";
import { promptLines, toWorkerGenerateSpec } from "./spec";

/** Runs `python -m worker generate` to completion and returns the predictions in prompt order. */
export async function generateLocal(req: GenerateRequest): Promise<Prediction[]> {
  const out = await runWorkerJob({
    command: "generate",
    what: "generation",
    workDir: req.workDir,
    input: { name: "prompts.jsonl", lines: promptLines(req.prompts) },
    spec: (promptsFile) =>
      toWorkerGenerateSpec({
        baseModel: req.baseModel,
        adapterPath: req.adapterPath ?? null,
        promptsFile,
        settings: req.settings,
      }),
    out: "predictions.jsonl",
  });
  const byId = new Map<string, string>();
  for (const [i, line] of out.lines.entries()) {
    const row = JSON.parse(line) as { id?: unknown; output?: unknown };
    if (typeof row.id !== "string" || typeof row.output !== "string")
      throw new Error(`${out.file}:${i + 1}: expected {"id": string, "output": string}`);
    byId.set(row.id, row.output);
  }
  return req.prompts.map((p) => {
    const output = byId.get(p.id);
    if (output === undefined) throw new Error(`generation returned no output for prompt ${p.id}`);
    return { id: p.id, output };
  });
}
