import { readFileSync } from "node:fs";
import path from "node:path";
import type { ApiClient } from "@/cli/api-client";
import { demoJsonl, NAME_PATTERN } from "./data";

export const DEMO_NAME = "Demo: restaurant records to sentences";

/**
 * The demo's eval suite: corpus BLEU against every phrasing of a record (primary), ROUGE-L, chrF,
 * the references' perplexity, a rule (the sentence names a restaurant) and a custom scorer (the
 * share of the record's facts it states; scripts/demo/slots.py). A metric is one more entry in
 * `metrics`; judges are added by `demoJudges` when an OpenAI-compatible endpoint is configured.
 */
export const demoSuite = () => ({
  metrics: ["bleu", "rougeL", "chrf", "perplexity"],
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
    evalSuite: { ...demoSuite(), ...(await demoJudges(client, log)) },
  });
  log(`experiment "${DEMO_NAME}": ${created.runCount} runs + baseline`);
  return created.id;
}

/**
 * With an OpenAI-compatible endpoint in the server's environment (OPENAI_API_KEY, with
 * OPENAI_BASE_URL for vLLM, llama.cpp or Ollama; or Azure's pair), the demo also asks an LLM judge:
 * a 1–10 rating per sentence, and each run against the prompted base model in both orders. The
 * model is TUNEBENCH_DEMO_JUDGE_MODEL (default gpt-4o-mini); calls stop at a budget of 1,000.
 */
async function demoJudges(client: ApiClient, log: (m: string) => void) {
  if (!process.env.OPENAI_API_KEY && !process.env.AZURE_OPENAI_API_KEY) return {};
  const model = process.env.TUNEBENCH_DEMO_JUDGE_MODEL || "gpt-4o-mini";
  const create = (name: string, kind: "single" | "pairwise") =>
    client.json<{ id: string }>("POST", "/judges", {
      name,
      provider: "openai-compatible",
      model,
      template: { kind },
    });
  const [rating, versus] = [
    await create("demo-rating", "single"),
    await create("demo-versus", "pairwise"),
  ];
  log(
    `judges on ${model}: demo-rating (1-10 per sentence) and demo-versus (each run vs the base model)`,
  );
  return {
    judges: [
      { judgeId: rating.id, mode: "single" },
      { judgeId: versus.id, mode: "pairwise", against: "baseline" },
    ],
    judgeBudget: { maxCalls: 1000 },
  };
}
