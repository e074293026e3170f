import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { trainsUnderTorchrun } from "@/trainers/sagemaker/catalog";
import { resolveSageMakerConfig, type SageMakerConfigInput } from "@/trainers/sagemaker/config";
import {
  createTrainingJobInput,
  metricDefinitions,
  s3Locations,
  userHyperParameters,
} from "@/trainers/sagemaker/transform";
import { runSpec } from "./helpers";

// Our CreateTrainingJob request against the one the SageMaker Python SDK itself builds for the
// same settings (HuggingFace estimator; distribution={"torch_distributed": {"enabled": True}} for
// jobs on several GPUs). sdk/sdk-requests.json is the SDK's output for sdk/cases.json, made by
// sdk/snapshot.sh in the SDK's own environment (sdk/requirements.in says why it has one).
const dir = path.resolve("tests/trainers/sagemaker/sdk");
type Case = {
  name: string;
  runId: string;
  eval: boolean;
  torchDistributed: boolean;
  config: SageMakerConfigInput;
};
const shared = JSON.parse(readFileSync(path.join(dir, "cases.json"), "utf8")) as {
  metricDefinitions: unknown;
  hyperParameters: Record<string, unknown>;
  cases: Case[];
};
const sdk = JSON.parse(readFileSync(path.join(dir, "sdk-requests.json"), "utf8")) as {
  sdk: string;
  requests: Record<string, unknown>;
};

function ours(c: Case) {
  const config = resolveSageMakerConfig(c.config);
  const loc = s3Locations(config, c.runId, `tunebench-${c.runId}`);
  return createTrainingJobInput({
    config,
    runId: c.runId,
    loc: { ...loc, evalUri: c.eval ? loc.evalUri : null },
    hyperParameters: shared.hyperParameters,
  });
}

describe("CreateTrainingJob as the SageMaker SDK builds it", () => {
  it("covers the SDK's own snapshot for every case", () => {
    expect(sdk.sdk).toBe("sagemaker 2.257.7");
    expect(Object.keys(sdk.requests).sort()).toEqual(shared.cases.map((c) => c.name).sort());
  });

  for (const c of shared.cases) {
    it(`equals the SDK's request: ${c.name}`, () => {
      expect(ours(c)).toEqual(sdk.requests[c.name]);
      const config = resolveSageMakerConfig(c.config);
      expect(trainsUnderTorchrun(config.instanceType, config.instanceCount)).toBe(
        c.torchDistributed,
      );
    });
  }

  it("uses the backend's real inputs: its defaults, its metric regexes, a run's hyperparameters", () => {
    const first = shared.cases[0]!.config;
    const defaults = resolveSageMakerConfig({
      region: first.region,
      roleArn: first.roleArn,
      bucket: first.bucket,
      tags: first.tags,
    });
    expect(defaults).toMatchObject(first);
    expect(metricDefinitions()).toEqual(shared.metricDefinitions);
    // What sagemaker-backend.ts sends for the shared test spec under the default settings.
    expect(shared.hyperParameters).toEqual({
      ...userHyperParameters(runSpec()),
      save_every: defaults.saveEverySteps,
      gen_max_new_tokens: defaults.generation.maxNewTokens,
      gen_temperature: defaults.generation.temperature,
    });
  });

  // Only where a developer made the SDK's environment (snapshot.sh does): CI compares with the
  // committed snapshot above, and the snapshot is checked here against the SDK run live.
  it.skipIf(!existsSync(".venv-sagemaker-sdk/bin/python"))(
    "the committed snapshot is what the pinned SDK builds now",
    { timeout: 300_000 },
    () => {
      const out = execFileSync("bash", [path.join(dir, "snapshot.sh"), "--check"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      expect(out).toContain("sdk-requests.json is what the SDK builds");
    },
  );
});
