import { localBackend } from "./local/local-backend";
import { openAIConfigFromEnv } from "./openai/config";
import { createOpenAIBackend } from "./openai/openai-backend";
import { sageMakerConfigFromEnv } from "./sagemaker/config";
import { createSageMakerBackend } from "./sagemaker/sagemaker-backend";
import type { BackendKind, TrainingBackend } from "./types";

export type { BackendKind, TrainingBackend } from "./types";

// Built on first use from the environment, then reused (their SDK clients keep connections).
let sagemaker: TrainingBackend | undefined;
let openai: TrainingBackend | undefined;

export function getBackend(kind: BackendKind): TrainingBackend {
  switch (kind) {
    case "local":
      return localBackend;
    case "sagemaker": {
      const config = sageMakerConfigFromEnv();
      if (!config) throw new Error("The sagemaker training backend is not configured: set TUNEBENCH_SAGEMAKER_ROLE_ARN, TUNEBENCH_SAGEMAKER_BUCKET and TUNEBENCH_SAGEMAKER_REGION (AWS credentials come from the default provider chain); see trainers/sagemaker/README.md.");
      return (sagemaker ??= createSageMakerBackend(config));
    }
    case "openai": {
      const config = openAIConfigFromEnv();
      if (!config) throw new Error("The openai training backend is not configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible service), or AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT; see trainers/openai/README.md.");
      return (openai ??= createOpenAIBackend(config));
    }
    default: {
      const never: never = kind;
      throw new Error(`Unknown training backend: ${String(never)}`);
    }
  }
}
