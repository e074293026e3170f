// SageMaker backend settings. Credentials never live here: the AWS SDK's default provider chain
// finds them (env, shared config/SSO, container or instance role), as the Python SDK does.

import { isGpuInstanceType } from "./catalog";

export type SageMakerConfig = {
  region: string;
  roleArn: string;
  /** Code, datasets, checkpoints and outputs go under s3://bucket/prefix/. */
  bucket: string;
  prefix: string;
  instanceType: string;
  instanceCount: number;
  volumeSizeGb: number;
  maxRuntimeSeconds: number;
  /** Managed spot training; MaxWaitTimeInSeconds (≥ max runtime) caps waiting plus running. */
  spot: { enabled: boolean; maxWaitSeconds: number };
  /** The Hugging Face PyTorch training image versions (full versions: the tag is built from them). */
  image: { transformers: string; pytorch: string; py: string } | { uri: string };
  /** Times a job stopped by spot capacity is resubmitted to resume from the same checkpoint prefix. */
  maxResubmits: number;
  /** Optimizer steps between checkpoints, which a spot-interrupted job resumes from. */
  saveEverySteps: number;
  /** Settings for the eval-split predictions the job writes to /opt/ml/output/data. */
  generation: { maxNewTokens: number; temperature: number };
  environment: Record<string, string>;
  tags: Record<string, string>;
  /** Endpoint overrides (moto, fakes) and fixed credentials, for tests only. */
  endpoints?: { sagemaker?: string; s3?: string; logs?: string };
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Milliseconds between DescribeTrainingJob calls while generate() waits for a generation job. */
  pollIntervalMs?: number;
  /**
   * Least time between two looks at the same job (Describe plus CloudWatch Logs, whose
   * DescribeLogStreams allows 5 requests/s per account); a poll sooner than that waits or returns.
   */
  minPollIntervalMs: number;
};

export const SAGEMAKER_DEFAULTS = {
  prefix: "tunebench",
  instanceType: "ml.g5.2xlarge",
  instanceCount: 1,
  volumeSizeGb: 100,
  maxRuntimeSeconds: 24 * 60 * 60,
  spot: { enabled: false, maxWaitSeconds: 48 * 60 * 60 },
  image: { transformers: "4.56.2", pytorch: "2.8.0", py: "py312" },
  maxResubmits: 2,
  saveEverySteps: 50,
  minPollIntervalMs: 5000,
  generation: { maxNewTokens: 256, temperature: 0 },
  environment: {},
  tags: {},
} satisfies Partial<SageMakerConfig>;

export type SageMakerConfigInput = Pick<SageMakerConfig, "region" | "roleArn" | "bucket"> &
  Partial<Omit<SageMakerConfig, "region" | "roleArn" | "bucket">>;

export function resolveSageMakerConfig(input: SageMakerConfigInput): SageMakerConfig {
  const missing = (["region", "roleArn", "bucket"] as const).filter((k) => !input[k]);
  if (missing.length)
    throw new Error(
      `SageMaker backend: missing ${missing.join(", ")} (set TUNEBENCH_SAGEMAKER_REGION, _ROLE_ARN and _BUCKET)`,
    );
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(input.roleArn))
    throw new Error(
      `SageMaker backend: roleArn "${input.roleArn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    );
  const c: SageMakerConfig = { ...SAGEMAKER_DEFAULTS, ...input } as SageMakerConfig;
  if (!Number.isInteger(c.instanceCount) || c.instanceCount < 1)
    throw new Error(
      `SageMaker backend: instanceCount must be a whole number of at least 1, got ${c.instanceCount}`,
    );
  if (c.instanceCount > 1 && !isGpuInstanceType(c.instanceType))
    throw new Error(
      `SageMaker backend: instanceCount ${c.instanceCount} trains one run on several instances under torchrun, which SageMaker's torch_distributed allows only on GPU instances (ml.p*, ml.g*); ${c.instanceType} is not one`,
    );
  if (c.spot.enabled && c.spot.maxWaitSeconds < c.maxRuntimeSeconds) {
    throw new Error(
      `SageMaker backend: spot.maxWaitSeconds (${c.spot.maxWaitSeconds}) must be at least maxRuntimeSeconds (${c.maxRuntimeSeconds})`,
    );
  }
  return c;
}

/** Reads TUNEBENCH_SAGEMAKER_* variables; returns null when the backend is not configured at all. */
export function sageMakerConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): SageMakerConfig | null {
  const e = (k: string) => env[`TUNEBENCH_SAGEMAKER_${k}`] || undefined;
  const region = e("REGION") ?? env.AWS_REGION;
  if (!e("ROLE_ARN") && !e("BUCKET")) return null;
  const num = (k: string) => (e(k) === undefined ? undefined : Number(e(k)));
  const spot = e("SPOT") === "1" || e("SPOT") === "true";
  return resolveSageMakerConfig({
    region: region ?? "",
    roleArn: e("ROLE_ARN") ?? "",
    bucket: e("BUCKET") ?? "",
    ...(e("PREFIX") ? { prefix: e("PREFIX") } : {}),
    ...(e("INSTANCE_TYPE") ? { instanceType: e("INSTANCE_TYPE") } : {}),
    ...(num("INSTANCE_COUNT") ? { instanceCount: num("INSTANCE_COUNT") } : {}),
    ...(num("VOLUME_GB") ? { volumeSizeGb: num("VOLUME_GB") } : {}),
    ...(num("MAX_RUNTIME_S") ? { maxRuntimeSeconds: num("MAX_RUNTIME_S") } : {}),
    spot: {
      enabled: spot,
      maxWaitSeconds: num("MAX_WAIT_S") ?? SAGEMAKER_DEFAULTS.spot.maxWaitSeconds,
    },
    ...(e("IMAGE_URI") ? { image: { uri: e("IMAGE_URI")! } } : {}),
    // One endpoint for SageMaker, S3 and Logs: an emulator (LocalStack, a fake) on one port.
    ...(e("ENDPOINT_URL")
      ? {
          endpoints: {
            sagemaker: e("ENDPOINT_URL"),
            s3: e("ENDPOINT_URL"),
            logs: e("ENDPOINT_URL"),
          },
        }
      : {}),
    ...(num("POLL_MS") !== undefined
      ? { pollIntervalMs: num("POLL_MS"), minPollIntervalMs: num("POLL_MS") }
      : {}),
  });
}
