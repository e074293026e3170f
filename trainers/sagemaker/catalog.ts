// Static facts about SageMaker: where the Hugging Face training images live and what instances cost.

// huggingface.json (sagemaker-python-sdk v2.257.6): the DLC account is 763104351884 except here.
const REGISTRY_EXCEPTIONS: Record<string, string> = {
  "af-south-1": "626614931356",
  "ap-east-1": "871362719292",
  "eu-south-1": "692866216735",
  "me-south-1": "217643126080",
  "cn-north-1": "727897471807",
  "cn-northwest-1": "727897471807",
};

// container_version for the GPU training images (training images are GPU-only).
const CONTAINER_VERSIONS: Record<string, string> = {
  "2.5.1/4.49.0": "cu124-ubuntu22.04",
  "2.7.1/4.55.0": "cu128-ubuntu22.04",
  "2.8.0/4.56.2": "cu129-ubuntu22.04",
  "2.9.0/5.3.0": "cu130-ubuntu22.04",
};

/** `{registry}.dkr.ecr.{region}.amazonaws.com[.cn]/huggingface-pytorch-training:{pt}-transformers{tf}-gpu-{py}-{cv}` */
export function huggingFaceTrainingImage(
  region: string,
  v: { transformers: string; pytorch: string; py: string },
): string {
  const cv = CONTAINER_VERSIONS[`${v.pytorch}/${v.transformers}`];
  if (!cv) {
    const known = Object.keys(CONTAINER_VERSIONS)
      .map((k) => k.replace("/", " + transformers "))
      .join(", ");
    throw new Error(
      `SageMaker backend: no Hugging Face training image for pytorch ${v.pytorch} + transformers ${v.transformers}; known: pytorch ${known} (or set image.uri)`,
    );
  }
  const account = REGISTRY_EXCEPTIONS[region] ?? "763104351884";
  const host = region.startsWith("cn-") ? `${region}.amazonaws.com.cn` : `${region}.amazonaws.com`;
  return `${account}.dkr.ecr.${host}/huggingface-pytorch-training:${v.pytorch}-transformers${v.transformers}-gpu-${v.py}-${cv}`;
}

/**
 * SageMaker training instance types: GPUs per instance, and the on-demand price in USD per
 * instance-hour where we have it (us-east-1 list prices, 2026-11). Spot jobs need no separate
 * price: SageMaker already discounts BillableTimeInSeconds for spot savings.
 */
export const INSTANCE_TYPES: Record<string, { gpus: number; usdPerHour: number | null }> = {
  "ml.g4dn.xlarge": { gpus: 1, usdPerHour: 0.736 },
  "ml.g4dn.2xlarge": { gpus: 1, usdPerHour: 0.94 },
  "ml.g4dn.12xlarge": { gpus: 4, usdPerHour: null },
  "ml.g5.xlarge": { gpus: 1, usdPerHour: 1.408 },
  "ml.g5.2xlarge": { gpus: 1, usdPerHour: 1.515 },
  "ml.g5.4xlarge": { gpus: 1, usdPerHour: 2.03 },
  "ml.g5.8xlarge": { gpus: 1, usdPerHour: null },
  "ml.g5.16xlarge": { gpus: 1, usdPerHour: null },
  "ml.g5.12xlarge": { gpus: 4, usdPerHour: 7.09 },
  "ml.g5.24xlarge": { gpus: 4, usdPerHour: null },
  "ml.g5.48xlarge": { gpus: 8, usdPerHour: null },
  "ml.g6.xlarge": { gpus: 1, usdPerHour: 1.0064 },
  "ml.g6.2xlarge": { gpus: 1, usdPerHour: 1.2224 },
  "ml.g6.12xlarge": { gpus: 4, usdPerHour: null },
  "ml.g6.48xlarge": { gpus: 8, usdPerHour: null },
  "ml.g6e.xlarge": { gpus: 1, usdPerHour: 2.3433 },
  "ml.g6e.12xlarge": { gpus: 4, usdPerHour: null },
  "ml.g6e.48xlarge": { gpus: 8, usdPerHour: null },
  "ml.p3.2xlarge": { gpus: 1, usdPerHour: null },
  "ml.p3.8xlarge": { gpus: 4, usdPerHour: null },
  "ml.p3.16xlarge": { gpus: 8, usdPerHour: null },
  "ml.p4d.24xlarge": { gpus: 8, usdPerHour: 37.688 },
  "ml.p4de.24xlarge": { gpus: 8, usdPerHour: null },
  "ml.p5.48xlarge": { gpus: 8, usdPerHour: 113.07 },
};

/** GPU instances (ml.p*, ml.g*): the ones the SageMaker SDK allows torch_distributed on. */
export const isGpuInstanceType = (type: string) => /^ml\.[pg]\d/.test(type);

/**
 * Whether a training job runs the worker under torchrun (every GPU of every instance): more than
 * one instance, or a GPU type that is not known to have exactly one GPU.
 */
export function trainsUnderTorchrun(instanceType: string, instanceCount: number): boolean {
  if (instanceCount > 1) return true;
  return isGpuInstanceType(instanceType) && INSTANCE_TYPES[instanceType]?.gpus !== 1;
}

/** Cost of a finished job (every instance is billed), or null when its price is not known. */
export function jobCostUsd(
  billableSeconds: number,
  instanceType: string,
  instanceCount: number,
): number | null {
  const price = INSTANCE_TYPES[instanceType]?.usdPerHour;
  if (price == null) return null;
  return Math.round((billableSeconds / 3600) * price * instanceCount * 1e4) / 1e4;
}
