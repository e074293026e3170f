import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LikelihoodRequest, SampleLikelihood } from "../types";
import { parseWorkerLine } from "./events";
import { isWorkerAlive, signalWorker, spawnWorker } from "./process";
import { promptLines } from "./spec";

/**
 * Runs `python -m worker perplexity` to completion and returns each sample's summed NLL and token
 * count in request order. A scoring left running by a killed server is stopped first: its output
 * would race ours.
 */
export async function likelihoodLocal(req: LikelihoodRequest): Promise<SampleLikelihood[]> {
  const dir = path.resolve(req.workDir);
  await mkdir(dir, { recursive: true });
  const f = {
    samples: path.join(dir, "samples.jsonl"),
    spec: path.join(dir, "perplexity.json"),
    out: path.join(dir, "nll.jsonl"),
    events: path.join(dir, "perplexity-events.jsonl"),
    stderr: path.join(dir, "perplexity.log"),
    pid: path.join(dir, "perplexity.pid"),
  };
  if (existsSync(f.pid)) signalWorker(Number(await readFile(f.pid, "utf8")), "SIGKILL");
  await Promise.all([rm(f.out, { force: true }), rm(f.events, { force: true })]);
  await writeFile(f.samples, promptLines(req.samples));
  const spec = { base_model: req.baseModel, adapter: req.adapterPath, samples_file: f.samples };
  await writeFile(f.spec, JSON.stringify(spec));
  const pid = spawnWorker(["perplexity", "--spec", f.spec, "--out", f.out], {
    stdout: f.events,
    stderr: f.stderr,
  });
  await writeFile(f.pid, String(pid));
  while (isWorkerAlive(pid)) await new Promise((r) => setTimeout(r, 300));
  await rm(f.pid, { force: true });

  const events = (await readFile(f.events, "utf8").catch(() => "")).split("\n").filter(Boolean);
  const parsed = events.map((l, i) => parseWorkerLine(l, `${f.events}:${i + 1}`));
  const failed = parsed.find((e) => e?.type === "failed");
  if (failed?.type === "failed") throw new Error(`perplexity failed: ${failed.error}`);
  if (!parsed.some((e) => e?.type === "completed")) {
    const log = await readFile(f.stderr, "utf8").catch(() => "");
    const tail = log.trim().split("\n").slice(-5).join("\n");
    throw new Error(`perplexity stopped without finishing; last log lines:\n${tail}`);
  }
  const byId = new Map<string, SampleLikelihood>();
  const lines = (await readFile(f.out, "utf8")).split("\n").filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const row = JSON.parse(line) as Partial<SampleLikelihood>;
    const valid =
      typeof row.id === "string" &&
      Number.isFinite(row.nll) &&
      Number.isInteger(row.tokens) &&
      row.tokens! > 0;
    if (!valid)
      throw new Error(`${f.out}:${i + 1}: expected {"id": string, "nll": number, "tokens": n ≥ 1}`);
    byId.set(row.id!, row as SampleLikelihood);
  }
  return req.samples.map((s) => {
    const scored = byId.get(s.id);
    if (!scored) throw new Error(`perplexity returned no score for sample ${s.id}`);
    return scored;
  });
}
