import type { BackendKind } from "@/core/enums";
import type { Db } from "@/server/db";
import { type BackendSettings, getBackend, type TrainingBackend } from "@/trainers";
import { loadSettings } from "./get-settings";
import { readSecret } from "./secrets";

/** The project's SageMaker/OpenAI settings in the form trainers/ takes (env fills what is unset). */
export async function backendSettings(
  db: Db,
  projectId: string,
  kind: BackendKind,
): Promise<BackendSettings> {
  if (kind === "local") return {};
  const env = process.env;
  const settings = await loadSettings(db, projectId);
  if (kind === "sagemaker") {
    const s = settings.sagemaker;
    return {
      sagemaker: {
        roleArn: s.roleArn,
        bucket: s.bucket,
        region: s.region,
        instanceType: s.instanceType,
        ...(s.spot !== undefined
          ? {
              spot: {
                enabled: s.spot,
                maxWaitSeconds: Number(env.TUNEBENCH_SAGEMAKER_MAX_WAIT_S) || 48 * 60 * 60,
              },
            }
          : {}),
        // Operational knobs stay in the environment (an emulator's endpoint, the poll interval).
        ...(env.TUNEBENCH_SAGEMAKER_ENDPOINT_URL
          ? {
              endpoints: {
                sagemaker: env.TUNEBENCH_SAGEMAKER_ENDPOINT_URL,
                s3: env.TUNEBENCH_SAGEMAKER_ENDPOINT_URL,
                logs: env.TUNEBENCH_SAGEMAKER_ENDPOINT_URL,
              },
            }
          : {}),
        ...(env.TUNEBENCH_SAGEMAKER_POLL_MS
          ? {
              pollIntervalMs: Number(env.TUNEBENCH_SAGEMAKER_POLL_MS),
              minPollIntervalMs: Number(env.TUNEBENCH_SAGEMAKER_POLL_MS),
            }
          : {}),
      },
    };
  }
  const o = settings.openai;
  const apiKey = (await readSecret(db, projectId, "openai.apiKey")) ?? undefined;
  return {
    openai: {
      apiKey,
      ...(o.azureEndpoint
        ? {
            azure: {
              endpoint: o.azureEndpoint,
              apiVersion: o.azureApiVersion || "2025-04-01-preview",
              ...(o.azureDeployment ? { deployment: o.azureDeployment } : {}),
            },
          }
        : { baseURL: o.baseUrl }),
      ...(env.TUNEBENCH_OPENAI_POLL_MS
        ? { minPollIntervalMs: Number(env.TUNEBENCH_OPENAI_POLL_MS) }
        : {}),
    },
  };
}

/** The backend of `kind` configured for this project: its settings first, the environment second. */
export async function projectBackend(
  db: Db,
  projectId: string,
  kind: BackendKind,
): Promise<TrainingBackend> {
  return getBackend(kind, await backendSettings(db, projectId, kind));
}
