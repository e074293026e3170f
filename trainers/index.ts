import type { BackendKind } from "../core/enums";
import { externalBackend } from "./external/external-backend";
import { localBackend } from "./local/local-backend";
import { type OpenAIConfigInput, openAIConfigFromEnv, resolveOpenAIConfig } from "./openai/config";
import { createOpenAIBackend } from "./openai/openai-backend";
import {
  resolveSageMakerConfig,
  type SageMakerConfigInput,
  sageMakerConfigFromEnv,
} from "./sagemaker/config";
import { createSageMakerBackend } from "./sagemaker/sagemaker-backend";
import type { TrainingBackend } from "./types";

export type { TrainingBackend } from "./types";

/**
 * A project's own backend settings (from its settings page). Each field given wins over the
 * environment; a field left out falls back to the TUNEBENCH_SAGEMAKER_* / OPENAI_* variables.
 */
export type BackendSettings = {
  sagemaker?: Partial<SageMakerConfigInput>;
  openai?: Partial<OpenAIConfigInput>;
};

// Built on first use per distinct configuration, then reused: their SDK clients keep connections
// and their poll throttles must be shared by every caller looking at the same jobs.
const MAX_CACHED = 64;
const cache = new Map<string, TrainingBackend>();

function cached(key: string, make: () => TrainingBackend): TrainingBackend {
  let backend = cache.get(key);
  if (!backend) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    backend = make();
    cache.set(key, backend);
  }
  return backend;
}

const defined = <T extends object>(o: T | undefined) =>
  Object.fromEntries(
    Object.entries(o ?? {}).filter(([, v]) => v !== undefined && v !== ""),
  ) as Partial<T>;

export function getBackend(kind: BackendKind, settings: BackendSettings = {}): TrainingBackend {
  switch (kind) {
    case "local":
      return localBackend;
    case "external":
      return externalBackend;
    case "sagemaker": {
      const own = defined(settings.sagemaker);
      const env = sageMakerConfigFromEnv();
      if (!env && !own.roleArn && !own.bucket)
        throw new Error(
          "The sagemaker training backend is not configured: set the role ARN, bucket and region in the project's settings, or TUNEBENCH_SAGEMAKER_ROLE_ARN, TUNEBENCH_SAGEMAKER_BUCKET and TUNEBENCH_SAGEMAKER_REGION (AWS credentials come from the default provider chain); see trainers/sagemaker/README.md.",
        );
      const config = resolveSageMakerConfig({
        ...(env ?? { region: process.env.AWS_REGION ?? "", roleArn: "", bucket: "" }),
        ...own,
      } as SageMakerConfigInput);
      return cached(`sagemaker:${JSON.stringify(config)}`, () => createSageMakerBackend(config));
    }
    case "openai": {
      const own = defined(settings.openai);
      const env = openAIConfigFromEnv();
      if (!env && !own.apiKey)
        throw new Error(
          "The openai training backend is not configured: set the API key in the project's settings, or OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible service), or AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT; see trainers/openai/README.md.",
        );
      const config = resolveOpenAIConfig({
        ...(env ?? { apiKey: "" }),
        ...own,
      } as OpenAIConfigInput);
      // The API key is part of the identity of a client; the cache key holds its digest, not the key.
      const { apiKey, now, ...rest } = config;
      return cached(`openai:${fingerprint(apiKey)}:${JSON.stringify(rest)}`, () =>
        createOpenAIBackend(config),
      );
    }
    default: {
      const never: never = kind;
      throw new Error(`Unknown training backend: ${String(never)}`);
    }
  }
}

function fingerprint(text: string): string {
  // FNV-1a: only to tell cache entries apart, never stored or sent anywhere.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}
