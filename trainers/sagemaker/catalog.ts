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
 * On-demand training prices in USD per instance-hour (us-east-1 list prices, 2026-11). Spot jobs
 * need no separate table: SageMaker already discounts BillableTimeInSeconds for spot savings.
 */
export const INSTANCE_PRICES_USD_PER_HOUR: Record<string, number> = {
  "ml.g4dn.xlarge": 0.736,
  "ml.g4dn.2xlarge": 0.94,
  "ml.g5.xlarge": 1.408,
  "ml.g5.2xlarge": 1.515,
  "ml.g5.4xlarge": 2.03,
  "ml.g5.12xlarge": 7.09,
  "ml.g6.xlarge": 1.0064,
  "ml.g6.2xlarge": 1.2224,
  "ml.g6e.xlarge": 2.3433,
  "ml.p4d.24xlarge": 37.688,
  "ml.p5.48xlarge": 113.07,
};

/** Cost of a finished job, or null when the instance type is not in the table. */
export function jobCostUsd(
  billableSeconds: number,
  instanceType: string,
  instanceCount: number,
): number | null {
  const price = INSTANCE_PRICES_USD_PER_HOUR[instanceType];
  if (price === undefined) return null;
  return Math.round((billableSeconds / 3600) * price * instanceCount * 1e4) / 1e4;
}
