import OpenAI, { AzureOpenAI } from "openai";
import { type InferencePrice, inferenceCostUsd, inferencePriceOf } from "../openai/catalog";
import {
  AZURE_DEPLOYMENT_NAME,
  DEPLOYMENT_RULE,
  type OpenAIConfigInput,
  openAIConfigFromEnv,
  resolveOpenAIConfig,
} from "../openai/config";
import { withRetry } from "../openai/retry";
import type { JudgeChat } from "./types";

export type OpenAIJudgeOptions = {
  /** The project's OpenAI settings (its base URL or Azure endpoint and key); the environment
   *  fills what they leave unset, as for the openai training backend. */
  settings: Partial<OpenAIConfigInput>;
  model: string;
  /** USD per 1M input / output tokens, over the catalogue's price for the model. */
  price?: InferencePrice;
  concurrency?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  /** Tests pass their own to assert the backoff schedule without waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** The most tokens one verdict may take (a rationale and the verdict). */
  maxTokens?: number;
};

/** A judge answering through the project's OpenAI, Azure OpenAI or compatible endpoint. */
export function createOpenAIJudgeChat(o: OpenAIJudgeOptions): JudgeChat {
  const own = Object.fromEntries(
    Object.entries(o.settings).filter(([, v]) => v !== undefined && v !== ""),
  );
  const env = openAIConfigFromEnv();
  if (!env && !own.apiKey)
    throw new Error(
      "The judge's OpenAI-compatible endpoint is not configured: set the API key (and base URL) in the project's settings, or OPENAI_API_KEY (and OPENAI_BASE_URL), or AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT.",
    );
  const config = resolveOpenAIConfig({ ...(env ?? { apiKey: "" }), ...own } as OpenAIConfigInput);
  if (config.azure && !AZURE_DEPLOYMENT_NAME.test(o.model))
    throw new Error(
      `Azure OpenAI answers through a deployment, and the judge's model "${o.model}" cannot name one (${DEPLOYMENT_RULE})`,
    );
  const client: OpenAI = config.azure
    ? new AzureOpenAI({
        apiKey: config.apiKey,
        endpoint: config.azure.endpoint,
        apiVersion: config.azure.apiVersion,
        maxRetries: 0,
      })
    : new OpenAI({
        apiKey: config.apiKey,
        ...(config.baseURL ? { baseURL: config.baseURL } : {}),
        maxRetries: 0,
      });
  const price = o.price ?? inferencePriceOf(o.model);
  return {
    concurrency: o.concurrency ?? 8,
    async complete(messages, signal) {
      const res = await withRetry(
        () =>
          client.chat.completions.create(
            {
              model: o.model,
              messages,
              temperature: 0,
              max_tokens: o.maxTokens ?? 1024,
            },
            { signal },
          ),
        {
          maxAttempts: o.maxAttempts ?? config.maxAttempts,
          baseMs: o.backoffBaseMs ?? config.backoffBaseMs,
          sleep: o.sleep,
        },
      );
      const promptTokens = res.usage?.prompt_tokens ?? 0;
      const completionTokens = res.usage?.completion_tokens ?? 0;
      return {
        text: res.choices[0]?.message?.content ?? "",
        promptTokens,
        completionTokens,
        costUsd: inferenceCostUsd(price, promptTokens, completionTokens),
      };
    },
    async close() {},
  };
}
