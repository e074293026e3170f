// OpenAI backend settings. OpenAI-compatible fine-tuning services work through baseURL; Azure
// OpenAI through its own client (deployment-free, so /fine_tuning and /files stay reachable).
// Azure answers chat completions only through a deployment, which its client takes from each
// request's `model`: the base model's deployment is configured (azure.deployment); a fine-tuned
// model is deployed under its own model id (see README.md).

export type OpenAIConfig = {
  apiKey: string;
  /** e.g. http://127.0.0.1:4010/v1 for a fake, or another provider's OpenAI-compatible API. */
  baseURL?: string;
  /** `deployment`: the Azure deployment of the base model, which the baseline generates with. */
  azure?: { endpoint: string; apiVersion: string; deployment?: string };
  /** Chat completions in flight at once while generating eval predictions. */
  concurrency: number;
  /** Attempts per request on 429 and 5xx, with exponential backoff (Retry-After wins when sent). */
  maxAttempts: number;
  backoffBaseMs: number;
  /** Least time between two looks at the same job (OpenAI rate-limits per organisation). */
  minPollIntervalMs: number;
  /** Event and checkpoint pages read per poll (newest first, until the last one already seen). */
  maxPagesPerPoll: number;
  /** The clock used for OpenAI's fine-tuning cut-off dates; tests move it. */
  now?: () => Date;
};

export const OPENAI_DEFAULTS = {
  concurrency: 8,
  maxAttempts: 5,
  backoffBaseMs: 500,
  maxPagesPerPoll: 10,
  minPollIntervalMs: 5000,
} as const;

export type OpenAIConfigInput = Pick<OpenAIConfig, "apiKey"> &
  Partial<Omit<OpenAIConfig, "apiKey">>;

export function resolveOpenAIConfig(input: OpenAIConfigInput): OpenAIConfig {
  if (!input.apiKey)
    throw new Error(
      "OpenAI backend: no API key (set OPENAI_API_KEY, or AZURE_OPENAI_API_KEY with AZURE_OPENAI_ENDPOINT)",
    );
  const c = { ...OPENAI_DEFAULTS, ...input };

  if (!Number.isInteger(c.concurrency) || c.concurrency < 1)
    throw new Error(`OpenAI backend: concurrency must be a positive integer, got ${c.concurrency}`);
  return c;
}

/** OPENAI_API_KEY [+ OPENAI_BASE_URL], or AZURE_OPENAI_API_KEY + AZURE_OPENAI_ENDPOINT
 *  [+ OPENAI_API_VERSION, AZURE_OPENAI_DEPLOYMENT]. */
export function openAIConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): OpenAIConfig | null {
  if (env.AZURE_OPENAI_ENDPOINT) {
    return resolveOpenAIConfig({
      apiKey: env.AZURE_OPENAI_API_KEY ?? "",
      azure: {
        endpoint: env.AZURE_OPENAI_ENDPOINT,
        apiVersion: env.OPENAI_API_VERSION || "2025-04-01-preview",
        ...(env.AZURE_OPENAI_DEPLOYMENT ? { deployment: env.AZURE_OPENAI_DEPLOYMENT } : {}),
      },
    });
  }
  if (!env.OPENAI_API_KEY) return null;
  const n = Number(env.TUNEBENCH_OPENAI_CONCURRENCY);
  const poll =
    env.TUNEBENCH_OPENAI_POLL_MS === undefined ? NaN : Number(env.TUNEBENCH_OPENAI_POLL_MS);
  return resolveOpenAIConfig({
    apiKey: env.OPENAI_API_KEY,
    ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
    ...(n > 0 ? { concurrency: n } : {}),
    ...(poll >= 0 ? { minPollIntervalMs: poll } : {}),
  });
}

/** Azure's rule for deployment names (server/schemas/settings.ts checks the same on input); the
 *  client puts the name into the request path as it is, so nothing else ("/", "?") may reach it. */
export const AZURE_DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
export const DEPLOYMENT_RULE =
  "2 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
