import { readFileSync } from "node:fs";
import path from "node:path";
import type { ApiClient } from "@/cli/api-client";
import { demoJsonl, NAME_PATTERN } from "./data";

export const DEMO_NAME = "Demo: restaurant records to sentences";

/**
 * The demo's eval suite: corpus BLEU against every phrasing of a record (primary), ROUGE-L, chrF,
 * a rule (the sentence names a restaurant) and a custom scorer (the share of the record's facts it
 * states; scripts/demo/slots.py). A metric is one more entry in `metrics`.
 */
export const demoSuite = () => ({
  metrics: ["bleu", "rougeL", "chrf"],
  primaryMetric: "bleu",
  rules: [{ kind: "regex", name: "names-restaurant", pattern: NAME_PATTERN }],
  customScorers: [
    { name: "facts", code: readFileSync(path.join(import.meta.dirname, "slots.py"), "utf8") },
  ],
  generation: { maxNewTokens: 32, stop: ["\n"] },
});

/**
 * The demo experiment on `model`, created through the server's REST API (the server holds the embedded
 * database; PGlite serves one process), or found again by name when the demo ran before: a re-run
 * shows, and goes on with, the same experiment.
 */
export async function seedDemo(
  client: ApiClient,
  model: { path: string },
  log: (m: string) => void,
): Promise<string> {
  const { experiments } = await client.json<{ experiments: { id: string; name: string }[] }>(
    "GET",
    "/experiments",
  );
  const found = experiments.find((e) => e.name === DEMO_NAME);
  if (found) {
    log(`the demo experiment exists (${found.id}); showing it again`);
    return found.id;
  }
  log(`base model: ${model.path}`);
  const train = demoJsonl(64);
  const evalSet = demoJsonl(24, { exclude: train.names });
  const ds = await client.json<{ versionId: string; trainCount: number; evalCount: number }>(
    "POST",
    "/datasets",
    { name: "restaurants", trainJsonl: train.jsonl, evalJsonl: evalSet.jsonl },
  );
  log(`dataset restaurants: ${ds.trainCount} train / ${ds.evalCount} eval examples`);
  const created = await client.json<{ id: string; runCount: number }>("POST", "/experiments", {
    name: DEMO_NAME,
    description:
      "LoRA on a small instruct model: does fine-tuning beat prompting at describing a record in one sentence?",
    baseModel: model.path,
    datasetVersionId: ds.versionId,
    grid: { learningRate: [1e-3, 3e-3], loraRank: [8], epochs: [1] },
    training: { batchSize: 4, maxSeqLen: 96, device: "auto" },
    evalSuite: demoSuite(),
  });
  log(`experiment "${DEMO_NAME}": ${created.runCount} runs + baseline`);
  return created.id;
}
