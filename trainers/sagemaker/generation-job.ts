import { createHash } from "node:crypto";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { DescribeTrainingJobCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { GenerateRequest } from "../types";
import type { SageMakerConfig } from "./config";
import { readFromTarGz } from "./package";
import { createTrainingJobInput, s3Locations } from "./transform";

// Predictions SageMaker has not made yet (the baseline, prompts outside the eval split the
// training job saw, or a run submitted without one) come from a short job of the same worker in
// generate mode. Its name hashes everything that decides the output, so asking twice reuses the
// first job, and a generate() retried after a crash reattaches instead of paying again.

export type GenerationDeps = {
  config: SageMakerConfig;
  sm: SageMakerClient;
  s3: S3Client;
  put(
    uri: string,
    body: Uint8Array | string,
    extra?: { ServerSideEncryption?: "aws:kms" },
  ): Promise<unknown>;
  createJob(request: ReturnType<typeof createTrainingJobInput>): Promise<void>;
  packWorker(): Promise<Buffer>;
};

export const parseS3 = (uri: string) => {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return { Bucket: m[1]!, Key: m[2]! };
};

/** predictions.jsonl from a job's output.tar.gz (uploaded next to model.tar.gz), or null. */
export async function readJobPredictions(
  s3: S3Client,
  modelArtifacts: string,
): Promise<{ uri: string; text: string | null }> {
  const uri = modelArtifacts.replace(/model\.tar\.gz$/, "output.tar.gz");
  try {
    const obj = await s3.send(new GetObjectCommand(parseS3(uri)));
    return {
      uri,
      text: await readFromTarGz(await obj.Body!.transformToByteArray(), "predictions.jsonl"),
    };
  } catch (e) {
    if ((e as { name?: string }).name === "NoSuchKey") return { uri, text: null };
    throw e;
  }
}

/**
 * A training job's output as a generation job's input channel: a LoRA / QLoRA job's model.tar.gz
 * holds an adapter (the "adapter" channel, applied to the base model); a full job's holds the
 * whole model folder (the "model" channel, which sagemaker.py loads instead of the base model).
 */
export type TrainedChannel = { name: "adapter" | "model"; uri: string };

/** Runs (or reattaches to) a generation job and returns its predictions.jsonl text. */
export async function runGenerationJob(
  d: GenerationDeps,
  req: GenerateRequest,
  trained: TrainedChannel | null,
): Promise<{ uri: string; text: string }> {
  const prompts = req.prompts.map((p) => ({ id: p.id, messages: p.messages }));
  // An adapter job keeps the key it always had, so a retried generate() still reattaches to it.
  const output =
    trained?.name === "model" ? { modelUri: trained.uri } : { adapterUri: trained?.uri ?? null };
  const key = createHash("sha256")
    .update(JSON.stringify({ base: req.baseModel, ...output, prompts, settings: req.settings }))
    .digest("hex")
    .slice(0, 16);
  const jobName = `tunebench-gen-${key}`;
  const loc = s3Locations(d.config, jobName, jobName);
  const promptsUri = `${loc.trainUri.replace(/train\/$/, "prompts/")}`;
  await d.put(loc.codeUri, await d.packWorker(), { ServerSideEncryption: "aws:kms" });
  await d.put(
    `${promptsUri}prompts.jsonl`,
    `${prompts.map((p) => JSON.stringify(p)).join("\n")}\n`,
  );
  const s = req.settings;
  const request = createTrainingJobInput({
    config: { ...d.config, spot: { ...d.config.spot, enabled: false } },
    runId: jobName,
    loc,
    hyperParameters: {
      mode: "generate",
      base_model: req.baseModel,
      gen_max_new_tokens: s.maxNewTokens,
      gen_temperature: s.temperature,
      gen_top_p: s.topP,
      gen_stop: s.stop,
    },
    channels: [{ name: "prompts", uri: promptsUri }, ...(trained ? [trained] : [])],
  });
  await d.createJob(request);
  const deadline = Date.now() + (d.config.maxRuntimeSeconds + 3600) * 1000;
  for (;;) {
    const desc = await d.sm.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName }));
    if (desc.TrainingJobStatus === "Completed") {
      const out = await readJobPredictions(d.s3, desc.ModelArtifacts!.S3ModelArtifacts!);
      if (out.text === null)
        throw new Error(
          `sagemaker backend: generation job ${jobName} completed without predictions.jsonl in ${out.uri}`,
        );
      return { uri: out.uri, text: out.text };
    }
    if (desc.TrainingJobStatus === "Failed" || desc.TrainingJobStatus === "Stopped") {
      throw new Error(
        `sagemaker backend: generation job ${jobName} ${desc.TrainingJobStatus.toLowerCase()}: ${desc.FailureReason ?? desc.SecondaryStatus}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(
        `sagemaker backend: generation job ${jobName} still ${desc.SecondaryStatus} after its time limit`,
      );
    await new Promise((r) => setTimeout(r, d.config.pollIntervalMs ?? 15_000));
  }
}
