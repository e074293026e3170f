import { afterEach, describe, expect, it, vi } from "vitest";
import { getBackend } from "@/trainers";
import { sageMakerConfigFromEnv } from "@/trainers/sagemaker/config";

afterEach(() => vi.unstubAllEnvs());

describe("SageMaker configuration from the environment", () => {
  it("is off when nothing is set, and getBackend says what to set", () => {
    expect(sageMakerConfigFromEnv({})).toBeNull();
    vi.stubEnv("TUNEBENCH_SAGEMAKER_ROLE_ARN", "");
    vi.stubEnv("TUNEBENCH_SAGEMAKER_BUCKET", "");
    expect(() => getBackend("sagemaker")).toThrow(
      /not configured: set the role ARN, bucket and region in the project's settings, or TUNEBENCH_SAGEMAKER_ROLE_ARN, TUNEBENCH_SAGEMAKER_BUCKET and TUNEBENCH_SAGEMAKER_REGION/,
    );
  });

  it("names what is missing from a partial configuration", () => {
    expect(() => sageMakerConfigFromEnv({ TUNEBENCH_SAGEMAKER_BUCKET: "b" })).toThrow(
      /missing region, roleArn/,
    );
  });

  it("reads instance, spot and image settings", () => {
    const c = sageMakerConfigFromEnv({
      TUNEBENCH_SAGEMAKER_ROLE_ARN: "arn:aws:iam::111122223333:role/R",
      TUNEBENCH_SAGEMAKER_BUCKET: "b",
      AWS_REGION: "eu-west-1",
      TUNEBENCH_SAGEMAKER_INSTANCE_TYPE: "ml.g6.xlarge",
      TUNEBENCH_SAGEMAKER_SPOT: "1",
      TUNEBENCH_SAGEMAKER_MAX_WAIT_S: "90000",
      TUNEBENCH_SAGEMAKER_IMAGE_URI: "x/y:1",
    })!;
    expect(c).toMatchObject({
      region: "eu-west-1",
      instanceType: "ml.g6.xlarge",
      spot: { enabled: true, maxWaitSeconds: 90000 },
      image: { uri: "x/y:1" },
      instanceCount: 1,
      volumeSizeGb: 100,
    });
  });

  it("getBackend builds the backend once configured", () => {
    vi.stubEnv("TUNEBENCH_SAGEMAKER_ROLE_ARN", "arn:aws:iam::111122223333:role/R");
    vi.stubEnv("TUNEBENCH_SAGEMAKER_BUCKET", "b");
    vi.stubEnv("TUNEBENCH_SAGEMAKER_REGION", "us-east-1");
    expect(getBackend("sagemaker").kind).toBe("sagemaker");
  });
});
