import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  huggingFaceTrainingImage,
  jobCostUsd,
  trainsUnderTorchrun,
} from "@/trainers/sagemaker/catalog";
import { resolveSageMakerConfig } from "@/trainers/sagemaker/config";
import { jobOutcome, transitionEvents } from "@/trainers/sagemaker/status";
import {
  createTrainingJobInput,
  encodeHyperParameters,
  metricDefinitions,
  s3Locations,
  trainingJobName,
  userHyperParameters,
} from "@/trainers/sagemaker/transform";
import { runSpec } from "./helpers";

const config = resolveSageMakerConfig({
  region: "us-east-1",
  roleArn: "arn:aws:iam::111122223333:role/SageMakerRole",
  bucket: "my-bucket",
  tags: { team: "nlp" },
});

describe("SageMaker request transform", () => {
  it("builds CreateTrainingJob as the HuggingFace estimator does (snapshot)", () => {
    const loc = s3Locations(config, "run-42", "tunebench-run-42");
    expect(
      createTrainingJobInput({
        config,
        runId: "run-42",
        loc,
        hyperParameters: userHyperParameters(runSpec()),
      }),
    ).toMatchSnapshot();
  });

  it("adds managed spot training with MaxWaitTimeInSeconds, and a custom image (snapshot)", () => {
    const spot = resolveSageMakerConfig({
      ...config,
      spot: { enabled: true, maxWaitSeconds: 72000 },
      maxRuntimeSeconds: 36000,
      image: { uri: "111122223333.dkr.ecr.us-east-1.amazonaws.com/tb:1" },
      environment: { HF_HUB_ENABLE_HF_TRANSFER: "1" },
    });
    const loc = { ...s3Locations(spot, "run-42", "tunebench-run-42"), evalUri: null };
    const req = createTrainingJobInput({
      config: spot,
      runId: "run-42",
      loc,
      hyperParameters: userHyperParameters(
        runSpec({ quantization: { type: "nf4", doubleQuant: true } }),
      ),
    });
    expect(req).toMatchSnapshot();
    expect(req.InputDataConfig!.map((c) => c.ChannelName)).toEqual(["train"]);
  });

  it("trains under torchrun on several instances or a multi-GPU type, never a generation job", () => {
    expect(trainsUnderTorchrun("ml.g5.2xlarge", 1)).toBe(false);
    expect(trainsUnderTorchrun("ml.g5.2xlarge", 3)).toBe(true);
    expect(trainsUnderTorchrun("ml.g5.48xlarge", 1)).toBe(true);
    expect(trainsUnderTorchrun("ml.g7.xlarge", 1)).toBe(true); // GPUs unknown: torchrun takes them all
    expect(trainsUnderTorchrun("ml.m5.xlarge", 1)).toBe(false);
    const multi = resolveSageMakerConfig({
      ...config,
      instanceType: "ml.p4d.24xlarge",
      instanceCount: 2,
    });
    const loc = s3Locations(multi, "gen", "tunebench-gen-1");
    const gen = createTrainingJobInput({
      config: multi,
      runId: "gen",
      loc,
      hyperParameters: { mode: "generate" },
      channels: [{ name: "prompts", uri: "s3://my-bucket/p/" }],
    });
    expect(gen.ResourceConfig).toMatchObject({ InstanceCount: 1, InstanceType: "ml.p4d.24xlarge" });
    expect(Object.keys(gen.HyperParameters!).filter((k) => /torch|instance_type/.test(k))).toEqual(
      [],
    );
  });

  it("refuses several instances of a type torch_distributed does not run on", () => {
    expect(() =>
      resolveSageMakerConfig({ ...config, instanceType: "ml.m5.xlarge", instanceCount: 2 }),
    ).toThrow(/instanceCount 2 trains one run on several instances.*ml\.m5\.xlarge is not one/);
    expect(() => resolveSageMakerConfig({ ...config, instanceCount: 0 })).toThrow(
      /instanceCount must be a whole number of at least 1, got 0/,
    );
  });

  it("JSON-encodes hyperparameters like json.dumps, so strings carry quotes", () => {
    expect(
      encodeHyperParameters({
        model_id: "meta-llama/Llama-3.2-1B",
        epochs: 3,
        lr: 2e-4,
        use_qlora: true,
        mods: null,
      }),
    ).toEqual({
      model_id: '"meta-llama/Llama-3.2-1B"',
      epochs: "3",
      lr: "0.0002",
      use_qlora: "true",
      mods: "null",
    });
  });

  it("refuses hyperparameters SageMaker would reject, naming the key", () => {
    expect(() => encodeHyperParameters({ base_model: "x".repeat(255) })).toThrow(
      /base_model is 257 characters/,
    );
    expect(() =>
      encodeHyperParameters(
        Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])),
      ),
    ).toThrow(/100 hyperparameters/);
  });

  it("names jobs <base>-%Y-%m-%d-%H-%M-%S-<ms> within 63 characters", () => {
    const at = new Date(Date.UTC(2026, 10, 23, 21, 34, 57, 830));
    expect(trainingJobName("ft-run", at)).toBe("ft-run-2026-11-23-21-34-57-830");
    const long = trainingJobName(`tb_${"x".repeat(80)}`, at);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
  });

  it("picks the Hugging Face training image for the region", () => {
    expect(
      huggingFaceTrainingImage("us-east-1", {
        transformers: "4.56.2",
        pytorch: "2.8.0",
        py: "py312",
      }),
    ).toBe(
      "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-training:2.8.0-transformers4.56.2-gpu-py312-cu129-ubuntu22.04",
    );
    expect(
      huggingFaceTrainingImage("af-south-1", {
        transformers: "4.56.2",
        pytorch: "2.8.0",
        py: "py312",
      }),
    ).toMatch(/^626614931356\.dkr\.ecr\.af-south-1\.amazonaws\.com\//);
    expect(() =>
      huggingFaceTrainingImage("us-east-1", { transformers: "4.56", pytorch: "2.8", py: "py312" }),
    ).toThrow(/no Hugging Face training image/);
  });

  it("metric regexes match the lines the real worker writes", () => {
    const py = path.resolve(".venv/bin/python");
    const code =
      "from worker import events\nfor n, v in [('train/loss', 1.25), ('train/lr', 2e-05), ('eval/loss', 0.5), ('train/grad_norm', 3)]: events.emit('metric', step=7, name=n, value=v)";
    const out = execFileSync(py, ["-c", code], {
      env: { ...process.env, PYTHONPATH: "trainers/local" },
      encoding: "utf8",
    });
    const lines = out.trim().split("\n");
    const found = Object.fromEntries(
      metricDefinitions().map((d) => [
        d.Name,
        lines.map((l) => new RegExp(d.Regex).exec(l)?.[1]).find(Boolean),
      ]),
    );
    expect(found).toEqual({
      "train/loss": "1.25",
      "train/lr": "2e-05",
      "eval/loss": "0.5",
      "train/grad_norm": "3",
    });
  });

  it("rejects an incomplete configuration with what to set", () => {
    expect(() => resolveSageMakerConfig({ region: "us-east-1", roleArn: "", bucket: "" })).toThrow(
      /missing roleArn, bucket/,
    );
    expect(() =>
      resolveSageMakerConfig({ region: "us-east-1", roleArn: "SageMakerRole", bucket: "b" }),
    ).toThrow(/not an IAM role ARN/);
    expect(() =>
      resolveSageMakerConfig({ ...config, spot: { enabled: true, maxWaitSeconds: 60 } }),
    ).toThrow(/maxWaitSeconds \(60\) must be at least/);
  });
});

describe("SageMaker status transform", () => {
  const t = (s: number) => new Date(1_700_000_000_000 + s * 1000);
  const base = {
    TrainingJobName: "job",
    ResourceConfig: {
      InstanceType: "ml.g5.2xlarge" as const,
      InstanceCount: 2,
      VolumeSizeInGB: 30,
    },
    StoppingCondition: { MaxRuntimeInSeconds: 100, MaxWaitTimeInSeconds: 200 },
  };
  const run = { lastStep: 7, resubmitsLeft: 1, now: 0 };

  it("reports each new SecondaryStatusTransition once (snapshot)", () => {
    const desc = {
      ...base,
      SecondaryStatusTransitions: [
        {
          Status: "Starting",
          StartTime: t(0),
          StatusMessage: "Preparing the instances for training",
        },
        {
          Status: "Training",
          StartTime: t(60),
          StatusMessage: "Training image download completed. Training in progress.",
        },
        { Status: "Interrupted", StartTime: t(90), StatusMessage: "Training job interrupted" },
      ],
    } as never;
    const all = transitionEvents(desc, 0, 0);
    expect(all).toMatchSnapshot();
    expect(transitionEvents(desc, 2, 0).events).toEqual(all.events.slice(2));
    expect(transitionEvents(desc, 3, 0)).toEqual({ events: [], seen: 3 });
  });

  it("maps terminal statuses (snapshot)", () => {
    const cases = {
      completed: {
        TrainingJobStatus: "Completed",
        SecondaryStatus: "Completed",
        ModelArtifacts: { S3ModelArtifacts: "s3://b/job/output/model.tar.gz" },
        BillableTimeInSeconds: 1800,
        TrainingTimeInSeconds: 3600,
        EnableManagedSpotTraining: true,
        TrainingEndTime: t(100),
      },
      failed: {
        TrainingJobStatus: "Failed",
        SecondaryStatus: "Failed",
        FailureReason: "AlgorithmError: ExecuteUserScriptError: boom",
        TrainingEndTime: t(100),
      },
      capacity: {
        TrainingJobStatus: "Failed",
        SecondaryStatus: "Failed",
        FailureReason: "CapacityError: Unable to provision requested ML compute capacity",
        TrainingEndTime: t(100),
      },
      stopped: {
        TrainingJobStatus: "Stopped",
        SecondaryStatus: "Stopped",
        TrainingEndTime: t(100),
      },
      maxRuntime: {
        TrainingJobStatus: "Stopped",
        SecondaryStatus: "MaxRuntimeExceeded",
        TrainingEndTime: t(100),
      },
      maxWait: {
        TrainingJobStatus: "Stopped",
        SecondaryStatus: "MaxWaitTimeExceeded",
        TrainingEndTime: t(100),
      },
      stopping: { TrainingJobStatus: "Stopping", SecondaryStatus: "Stopping" },
      inProgress: { TrainingJobStatus: "InProgress", SecondaryStatus: "SomethingNew" },
    };
    const out = Object.fromEntries(
      Object.entries(cases).map(([k, v]) => [k, jobOutcome({ ...base, ...v } as never, run)]),
    );
    expect(out).toMatchSnapshot();
    expect(out.capacity!.kind).toBe("resubmit");
    expect(
      jobOutcome({ ...base, ...cases.capacity } as never, { ...run, resubmitsLeft: 0 }).kind,
    ).toBe("terminal");
  });

  it("prices billable seconds per instance", () => {
    expect(jobCostUsd(3600, "ml.g5.2xlarge", 2)).toBe(3.03);
    // 30 minutes billed on each of two 8-GPU instances.
    expect(jobCostUsd(1800, "ml.p4d.24xlarge", 2)).toBe(37.688);
    expect(jobCostUsd(3600, "ml.g5.48xlarge", 1)).toBeNull(); // GPUs known, price not
    expect(jobCostUsd(3600, "ml.unknown", 1)).toBeNull();
  });
});
