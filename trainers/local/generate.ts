import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GenerateRequest, Prediction } from "../types";
import { runWorkerJob } from "./process";
import { promptLines, toWorkerGenerateSpec } from "./spec";

/** Runs `python -m worker generate` to completion and returns the predictions in prompt order. */
export async function generateLocal(req: GenerateRequest): Promise<Prediction[]> {
  const dir = path.resolve(req.workDir);
  const prompts = path.join(dir, "prompts.jsonl");
  const spec = path.join(dir, "generate.json");
  const out = path.join(dir, "predictions.jsonl");
  await runWorkerJob({
    command: "generate",
    what: "generation",
    dir,
    spec,
    out,
    writeInputs: async () => {
      await writeFile(prompts, promptLines(req.prompts));
      const body = toWorkerGenerateSpec({
        baseModel: req.baseModel,
        adapterPath: req.adapterPath ?? null,
        promptsFile: prompts,
        settings: req.settings,
      });
      await writeFile(spec, JSON.stringify(body));
    },
  });
  const lines = (await readFile(out, "utf8")).split("\n").filter(Boolean);
  const byId = new Map<string, string>();
  for (const [i, line] of lines.entries()) {
    const row = JSON.parse(line) as { id?: unknown; output?: unknown };
    if (typeof row.id !== "string" || typeof row.output !== "string")
      throw new Error(`${out}:${i + 1}: expected {"id": string, "output": string}`);
    byId.set(row.id, row.output);
  }
  return req.prompts.map((p) => {
    const output = byId.get(p.id);
    if (output === undefined) throw new Error(`generation returned no output for prompt ${p.id}`);
    return { id: p.id, output };
  });
}
