import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GenerateRequest, Prediction } from "../types";
import { parseWorkerLine } from "./events";
import { isWorkerAlive, signalWorker, spawnWorker } from "./process";
import { promptLines, toWorkerGenerateSpec } from "./spec";

/**
 * Runs `python -m worker generate` to completion and returns the predictions in prompt order.
 * A generation left running by a killed server is stopped first: its output would race ours.
 */
export async function generateLocal(req: GenerateRequest): Promise<Prediction[]> {
  const dir = path.resolve(req.workDir);
  await mkdir(dir, { recursive: true });
  const f = {
    prompts: path.join(dir, "prompts.jsonl"),
    spec: path.join(dir, "generate.json"),
    out: path.join(dir, "predictions.jsonl"),
    events: path.join(dir, "generate-events.jsonl"),
    stderr: path.join(dir, "generate.log"),
    pid: path.join(dir, "generate.pid"),
  };
  if (existsSync(f.pid)) signalWorker(Number(await readFile(f.pid, "utf8")), "SIGKILL");
  await Promise.all([rm(f.out, { force: true }), rm(f.events, { force: true })]);
  await writeFile(f.prompts, promptLines(req.prompts));
  const adapter = req.adapterPath ?? null;
  await writeFile(
    f.spec,
    JSON.stringify(
      toWorkerGenerateSpec({
        baseModel: req.baseModel,
        adapterPath: adapter,
        promptsFile: f.prompts,
        settings: req.settings,
      }),
    ),
  );
  const pid = spawnWorker(["generate", "--spec", f.spec, "--out", f.out], {
    stdout: f.events,
    stderr: f.stderr,
  });
  await writeFile(f.pid, String(pid));
  while (isWorkerAlive(pid)) await new Promise((r) => setTimeout(r, 300));
  await rm(f.pid, { force: true });

  const events = (await readFile(f.events, "utf8").catch(() => "")).split("\n").filter(Boolean);
  const parsed = events.map((l, i) => parseWorkerLine(l, `${f.events}:${i + 1}`));
  const failed = parsed.find((e) => e?.type === "failed");
  if (failed?.type === "failed") throw new Error(`generation failed: ${failed.error}`);
  if (!parsed.some((e) => e?.type === "completed")) {
    const tail = (await readFile(f.stderr, "utf8").catch(() => ""))
      .trim()
      .split("\n")
      .slice(-5)
      .join("\n");
    throw new Error(`generation stopped without finishing; last log lines:\n${tail}`);
  }
  const lines = (await readFile(f.out, "utf8")).split("\n").filter(Boolean);
  const byId = new Map<string, string>();
  for (const [i, line] of lines.entries()) {
    const row = JSON.parse(line) as { id?: unknown; output?: unknown };
    if (typeof row.id !== "string" || typeof row.output !== "string")
      throw new Error(`${f.out}:${i + 1}: expected {"id": string, "output": string}`);
    byId.set(row.id, row.output);
  }
  return req.prompts.map((p) => {
    const output = byId.get(p.id);
    if (output === undefined) throw new Error(`generation returned no output for prompt ${p.id}`);
    return { id: p.id, output };
  });
}
