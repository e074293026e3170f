import type { CreateTrainingJobRequest } from "@aws-sdk/client-sagemaker";
import { methodOf } from "../method";
import type { RunSpec } from "../types";
import { huggingFaceTrainingImage, trainsUnderTorchrun } from "./catalog";
import type { SageMakerConfig } from "./config";

// Pure transforms between our types and SageMaker's, shaped as the SageMaker Python SDK's
// HuggingFace estimator sends them (sagemaker-python-sdk 2.257.7; a job on several GPUs as with
// distribution={"torch_distributed": {"enabled": True}}; the request and its limits are in
// README.md). No I/O: transform.test.ts snapshots them, and sdk-parity.test.ts compares them with
// requests the SDK itself built.

/** Path of the entry point inside sourcedir.tar.gz (the tarball holds the `worker` package). */
export const SAGEMAKER_PROGRAM = "worker/sagemaker.py";
export const CHECKPOINT_LOCAL_PATH = "/opt/ml/checkpoints";
const MAX_HP = 100;
const MAX_HP_LEN = 256;

/** `<base>-%Y-%m-%d-%H-%M-%S-<ms>` with the base trimmed so the name fits 63 characters (SDK utils.name_from_base). */
export function trainingJobName(base: string, now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const ts = `${now.getUTCFullYear()}-${p(now.getUTCMonth() + 1)}-${p(now.getUTCDate())}-${p(now.getUTCHours())}-${p(now.getUTCMinutes())}-${p(now.getUTCSeconds())}-${p(now.getUTCMilliseconds(), 3)}`;
  const clean =
    base
      .replace(/[^a-zA-Z0-9-]/g, "-")
      .replace(/-+/g, "-")
      .replace(/^-|-$/g, "") || "tunebench";
  return `${clean.slice(0, 63 - ts.length - 1).replace(/-$/, "")}-${ts}`;
}

/** The user hyperparameters sagemaker.py maps back to the worker's train spec (snake_case, flat). */
export function userHyperParameters(spec: RunSpec): Record<string, unknown> {
  const t = spec.training;
  const { objective, parameters } = methodOf(spec);
  // The entry passes on only the keys a job sets, and the worker refuses lora_* beside "full"
  // and dpo_* beside "sft". objective and parameters are sent where they differ from what the
  // worker resolves without them (sft; lora, or qlora with quantization), so an SFT LoRA job's
  // request is what it always was.
  const lora =
    parameters === "full"
      ? {}
      : {
          lora_r: spec.lora.r,
          lora_alpha: spec.lora.alpha,
          lora_dropout: spec.lora.dropout,
          lora_target_modules: spec.lora.targetModules,
          use_rslora: spec.lora.useRslora,
        };
  const dpo =
    objective === "dpo" && spec.dpo
      ? {
          dpo_beta: spec.dpo.beta,
          dpo_loss: spec.dpo.loss,
          dpo_label_smoothing: spec.dpo.labelSmoothing,
        }
      : {};
  return {
    base_model: spec.baseModel,
    ...(objective === "dpo" ? { objective } : {}),
    ...(parameters === "full" ? { parameters } : {}),
    ...lora,
    ...dpo,
    quantization: spec.quantization?.type ?? null,
    double_quant: spec.quantization?.doubleQuant ?? false,
    epochs: t.epochs,
    max_steps: t.maxSteps,
    learning_rate: t.learningRate,
    batch_size: t.batchSize,
    grad_accum: t.gradAccum,
    warmup_steps: t.warmupSteps,
    weight_decay: t.weightDecay,
    max_seq_len: t.maxSeqLen,
    seed: t.seed,
    log_every: t.logEvery,
    device: spec.device,
  };
}

/** `{k: json.dumps(v)}` over every hyperparameter (estimator._json_encode_hyperparameters). */
export function encodeHyperParameters(hps: Record<string, unknown>): Record<string, string> {
  const out = Object.fromEntries(
    Object.entries(hps).map(([k, v]) => [k, JSON.stringify(v ?? null)]),
  );
  if (Object.keys(out).length > MAX_HP)
    throw new Error(`SageMaker allows ${MAX_HP} hyperparameters, got ${Object.keys(out).length}`);
  for (const [k, v] of Object.entries(out)) {
    if (v.length > MAX_HP_LEN)
      throw new Error(
        `hyperparameter ${k} is ${v.length} characters once JSON-encoded; SageMaker allows ${MAX_HP_LEN}`,
      );
  }
  return out;
}

/**
 * Regexes over the worker's stdout lines (`{"type": "metric", ..., "name": "train/loss", "value": 1.5}`,
 * Python json.dumps separators), so SageMaker's own metrics view shows the same series.
 */
export const WORKER_METRICS = ["train/loss", "train/lr", "train/grad_norm", "eval/loss"] as const;
export function metricDefinitions() {
  const num = "(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)";
  return WORKER_METRICS.map((name) => ({
    Name: name,
    Regex: `"name": "${name}", "value": ${num}`,
  }));
}

export type JobLocations = {
  jobName: string;
  codeUri: string;
  trainUri: string;
  evalUri: string | null;
  /** The run to start from (RunSpec.initFrom), delivered as the "init" channel. */
  initUri?: string | null;
  outputPath: string;
  checkpointUri: string;
};

export function s3Locations(
  config: SageMakerConfig,
  runId: string,
  jobName: string,
): JobLocations & { evalUri: string } {
  const root = `s3://${config.bucket}/${config.prefix}`;
  return {
    jobName,
    codeUri: `${root}/${jobName}/source/sourcedir.tar.gz`,
    trainUri: `${root}/${jobName}/data/train/`,
    evalUri: `${root}/${jobName}/data/eval/`,
    outputPath: `${root}/jobs/`,
    // Keyed by run, not job: a resubmitted job restores the same checkpoints and resumes.
    checkpointUri: `${root}/checkpoints/${runId.replace(/[^a-zA-Z0-9._-]/g, "-")}/`,
  };
}

const channel = (name: string, uri: string) => ({
  DataSource: {
    S3DataSource: {
      S3DataType: "S3Prefix" as const,
      S3Uri: uri,
      S3DataDistributionType: "FullyReplicated" as const,
    },
  },
  ChannelName: name,
});

export function createTrainingJobInput(args: {
  config: SageMakerConfig;
  runId: string;
  loc: JobLocations;
  hyperParameters: Record<string, unknown>;
  /**
   * Instead of train/eval: a generation job's prompts (and adapter) channels. Such a job runs one
   * process on one instance, without checkpoints.
   */
  channels?: { name: string; uri: string }[];
}): CreateTrainingJobRequest {
  const { config: c, loc } = args;
  const instanceCount = args.channels ? 1 : c.instanceCount;
  // What the SDK adds for torch_distributed: the container's toolkit then starts the entry point
  // as `torchrun --nnodes <hosts> --nproc_per_node <GPUs per host> ...` on every host.
  const torchrun =
    !args.channels && trainsUnderTorchrun(c.instanceType, instanceCount)
      ? { sagemaker_torch_distributed_enabled: true, sagemaker_instance_type: c.instanceType }
      : {};
  const channels = args.channels ?? [
    { name: "train", uri: loc.trainUri },
    ...(loc.evalUri ? [{ name: "eval", uri: loc.evalUri }] : []),
    // The entry's "init" channel: the earlier run's model.tar.gz, unpacked into init_from.
    ...(loc.initUri ? [{ name: "init", uri: loc.initUri }] : []),
  ];
  const image = "uri" in c.image ? c.image.uri : huggingFaceTrainingImage(c.region, c.image);
  const hps = encodeHyperParameters({
    ...args.hyperParameters,
    sagemaker_submit_directory: loc.codeUri,
    sagemaker_program: SAGEMAKER_PROGRAM,
    sagemaker_container_log_level: 20,
    sagemaker_job_name: loc.jobName,
    sagemaker_region: c.region,
    ...torchrun,
  });
  const tags = { ...c.tags, "tunebench:run-id": args.runId };
  return {
    TrainingJobName: loc.jobName,
    AlgorithmSpecification: {
      TrainingInputMode: "File",
      TrainingImage: image,
      MetricDefinitions: metricDefinitions(),
      EnableSageMakerMetricsTimeSeries: true,
    },
    RoleArn: c.roleArn,
    InputDataConfig: channels.map((ch) => channel(ch.name, ch.uri)),
    OutputDataConfig: { S3OutputPath: loc.outputPath },
    ResourceConfig: {
      VolumeSizeInGB: c.volumeSizeGb,
      InstanceCount: instanceCount,
      InstanceType: c.instanceType as never,
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: c.maxRuntimeSeconds,
      ...(c.spot.enabled ? { MaxWaitTimeInSeconds: c.spot.maxWaitSeconds } : {}),
    },
    HyperParameters: hps,
    ...(Object.keys(c.environment).length ? { Environment: c.environment } : {}),
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    ...(c.spot.enabled ? { EnableManagedSpotTraining: true } : {}),
    ...(args.channels
      ? {}
      : { CheckpointConfig: { S3Uri: loc.checkpointUri, LocalPath: CHECKPOINT_LOCAL_PATH } }),
    // Debugger hooks add overhead and nothing we read (backends.md §1.3 recommendation).
    ProfilerConfig: { DisableProfiler: true },
  };
}
