import type { ApiClient } from "@/cli/api-client";
import { demoJsonl } from "./data";

export const DEMO_NAME = "Demo: ISO dates to words";

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
  const train = demoJsonl(200);
  const evalSet = demoJsonl(40, train.prompts);
  const ds = await client.json<{ versionId: string; trainCount: number; evalCount: number }>(
    "POST",
    "/datasets",
    { name: "iso-dates", trainJsonl: train.jsonl, evalJsonl: evalSet.jsonl },
  );
  log(`dataset iso-dates: ${ds.trainCount} train / ${ds.evalCount} eval examples`);
  const created = await client.json<{ id: string; runCount: number }>("POST", "/experiments", {
    name: DEMO_NAME,
    description:
      "LoRA on a small instruct model: does fine-tuning beat prompting for a strict output format?",
    baseModel: model.path,
    datasetVersionId: ds.versionId,
    grid: { learningRate: [1e-3, 3e-3], loraRank: [8], epochs: [1] },
    training: { batchSize: 8, maxSeqLen: 64, device: "auto" },
    // No BLEU: answers are three words, so they have no 4-grams and corpus BLEU is 0 by definition.
    evalSuite: {
      metrics: ["accuracy", "chrf"],
      primaryMetric: "accuracy",
      generation: { maxNewTokens: 12 },
      accuracyMode: "squad",
    },
  });
  log(`experiment "${DEMO_NAME}": ${created.runCount} runs + baseline`);
  return created.id;
}
