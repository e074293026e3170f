import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateTrainingJobCommand,
  type CreateTrainingJobRequest,
  DescribeTrainingJobCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from "@aws-sdk/client-sagemaker";
import { likelihoodLocal } from "../local/likelihood";
import { trainingLines } from "../local/spec";
import { createPollThrottle } from "../poll-throttle";
import type {
  BackendEvent,
  ExternalRef,
  GenerateRequest,
  LikelihoodRequest,
  PolledEvent,
  Prediction,
  RunContext,
  RunSpec,
  SampleLikelihood,
  TrainingBackend,
} from "../types";
import { downloadArtifact } from "./artifact";
import { resolveSageMakerConfig, type SageMakerConfig, type SageMakerConfigInput } from "./config";
import {
  parseS3,
  readJobPredictions,
  runGenerationJob,
  type TrainedChannel,
} from "./generation-job";
import { type LogTokens, readWorkerLogs } from "./logs";
import { packWorker } from "./package";
import { jobOutcome, transitionEvents } from "./status";
import { createTrainingJobInput, s3Locations, userHyperParameters } from "./transform";
import { parsePredictions, validateSageMakerSpec } from "./validate";

type SmState = {
  jobName: string;
  runId: string;
  /** The CreateTrainingJob request, kept to resubmit after spot capacity runs out. */
  request: CreateTrainingJobRequest;
  seen: number;
  logTokens: LogTokens;
  lastStep: number;
  resubmits: number;
  finished: boolean;
};

function stateOf(ref: ExternalRef): SmState {
  const s = ref.state as Partial<SmState>;
  if (typeof s.jobName !== "string" || !s.request)
    throw new Error(`sagemaker backend: ref ${ref.id} has no job name or request in its state`);
  return {
    seen: 0,
    logTokens: {},
    lastStep: 0,
    resubmits: 0,
    finished: false,
    runId: ref.id,
    ...s,
  } as SmState;
}

export function createSageMakerBackend(input: SageMakerConfigInput): TrainingBackend {
  const config: SageMakerConfig = resolveSageMakerConfig(input);
  const common = {
    region: config.region,
    ...(config.credentials ? { credentials: config.credentials } : {}),
  };
  const sm = new SageMakerClient({
    ...common,
    ...(config.endpoints?.sagemaker ? { endpoint: config.endpoints.sagemaker } : {}),
  });
  const s3 = new S3Client({
    ...common,
    ...(config.endpoints?.s3 ? { endpoint: config.endpoints.s3, forcePathStyle: true } : {}),
  });
  const logs = new CloudWatchLogsClient({
    ...common,
    ...(config.endpoints?.logs ? { endpoint: config.endpoints.logs } : {}),
  });

  const waitForTurn = createPollThrottle(config.minPollIntervalMs);
  const put = (
    uri: string,
    body: Uint8Array | string,
    extra: { ServerSideEncryption?: "aws:kms" } = {},
  ) => s3.send(new PutObjectCommand({ ...parseS3(uri), Body: body, ...extra }));

  /** Creates the job; a name already in use means an earlier attempt created it, so reattach. */
  async function createJob(request: CreateTrainingJobRequest): Promise<void> {
    try {
      await sm.send(new CreateTrainingJobCommand(request));
    } catch (e) {
      if ((e as { name?: string }).name !== "ResourceInUse") throw e;
    }
  }

  return {
    kind: "sagemaker",
    validate: validateSageMakerSpec,

    async submit(spec: RunSpec, ctx: RunContext): Promise<ExternalRef> {
      const issues = validateSageMakerSpec(spec);
      if (issues.length)
        throw new Error(
          `sagemaker backend: ${issues.map((i) => `${i.field} ${i.message}`).join("; ")}`,
        );
      // Deterministic per run: a dispatch retried after a crash finds its job instead of paying twice.
      const jobName = `tunebench-${ctx.runId}`
        .replace(/[^a-zA-Z0-9-]/g, "-")
        .slice(0, 63)
        .replace(/-+$/, "");
      const loc = s3Locations(config, ctx.runId, jobName);
      const lines = trainingLines(spec);
      const evalUri = spec.eval?.length && lines.eval ? loc.evalUri : null;
      // Same upload options as fw_utils.tar_and_upload_dir (SSE-KMS with the account's S3 key).
      await put(loc.codeUri, await packWorker(), { ServerSideEncryption: "aws:kms" });
      await put(`${loc.trainUri}train.jsonl`, lines.train);
      if (evalUri && lines.eval) await put(`${evalUri}eval.jsonl`, lines.eval);
      const request = createTrainingJobInput({
        config,
        runId: ctx.runId,
        loc: { ...loc, evalUri, initUri: spec.initFrom ?? null },
        hyperParameters: hyperParametersFor(spec, config),
      });
      await createJob(request);
      const state: SmState = {
        jobName,
        runId: ctx.runId,
        request,
        seen: 0,
        logTokens: {},
        lastStep: 0,
        resubmits: 0,
        finished: false,
      };
      return { backend: "sagemaker", id: jobName, cursor: "0", state };
    },

    async *poll(ref: ExternalRef, opts: { waitMs?: number } = {}): AsyncIterable<PolledEvent> {
      let s = stateOf(ref);
      let seq = Number(ref.cursor ?? 0);
      if (s.finished) return;
      const deadline = Date.now() + (opts.waitMs ?? 0);
      for (;;) {
        if (!(await waitForTurn(s.jobName, deadline))) return;
        const now = Date.now() / 1000;
        const desc = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: s.jobName }));
        const batch: BackendEvent[] = [];
        const tr = transitionEvents(desc, s.seen, now);
        batch.push(...tr.events);
        const logged = await readWorkerLogs(
          logs,
          s.jobName,
          s.logTokens,
          s.request.CheckpointConfig?.S3Uri ?? "",
        );
        batch.push(...logged.events);
        let lastStep = s.lastStep;
        for (const e of logged.events)
          if ("step" in e && typeof e.step === "number") lastStep = Math.max(lastStep, e.step);
        let next: SmState = { ...s, seen: tr.seen, logTokens: logged.tokens, lastStep };
        const outcome = jobOutcome(desc, {
          lastStep,
          resubmitsLeft: config.maxResubmits - s.resubmits,
          now,
        });
        if (outcome.kind === "terminal") {
          batch.push(...outcome.events);
          next = { ...next, finished: true };
        } else if (outcome.kind === "resubmit") {
          const n = s.resubmits + 1;
          const jobName = `${s.request.TrainingJobName!.slice(0, 59).replace(/-+$/, "")}-r${n}`;
          const hps = { ...s.request.HyperParameters, sagemaker_job_name: JSON.stringify(jobName) };
          await createJob({ ...s.request, TrainingJobName: jobName, HyperParameters: hps });
          batch.push({
            type: "log",
            time: now,
            level: "warning",
            message: `SageMaker ${s.jobName}: ${outcome.reason}; started ${jobName} (attempt ${n + 1}), which resumes from ${s.request.CheckpointConfig?.S3Uri}`,
          });
          next = { ...next, jobName, seen: 0, logTokens: {}, resubmits: n };
        }
        // Only the batch's last event carries the advanced cursor and state; a consumer that
        // stops halfway replays the batch from the old ref, with the same seq numbers.
        for (const [i, event] of batch.entries()) {
          const last = i === batch.length - 1;
          yield {
            event,
            seq: seq + i + 1,
            ref: last
              ? { ...ref, id: next.jobName, cursor: String(seq + batch.length), state: next }
              : ref,
          };
        }
        seq += batch.length;
        s = next;
        if (batch.length || s.finished || Date.now() >= deadline) return;
        if (Date.now() + config.minPollIntervalMs > deadline) return;
      }
    },

    async cancel(ref: ExternalRef): Promise<void> {
      const s = stateOf(ref);
      try {
        await sm.send(new StopTrainingJobCommand({ TrainingJobName: s.jobName }));
      } catch (e) {
        // Already ended (Completed/Failed/Stopped): nothing to stop, and poll reports how it ended.
        if (!/in status|has already/i.test((e as Error).message ?? "")) throw e;
      }
    },

    async *generate(req: GenerateRequest): AsyncIterable<Prediction> {
      let trained: TrainedChannel | null = null;
      if (req.ref) {
        const s = stateOf(req.ref);
        const desc = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: s.jobName }));
        const uri = desc.ModelArtifacts?.S3ModelArtifacts;
        if (desc.TrainingJobStatus !== "Completed" || !uri)
          throw new Error(
            `sagemaker backend: job ${s.jobName} is ${desc.TrainingJobStatus}, not Completed; it has no adapter or model to generate with`,
          );
        // The job's own request says what it trained (userHyperParameters sends "full" only).
        const full = desc.HyperParameters?.parameters === JSON.stringify("full");
        trained = { name: full ? "model" : "adapter", uri };
        // The eval split's predictions, made inside the training job, when they cover these prompts.
        const own = await readJobPredictions(s3, uri);
        const covered = own.text === null ? null : tryParse(own.text, req, own.uri);
        if (covered) {
          yield* covered;
          return;
        }
      }
      const gen = await runGenerationJob(
        { config, sm, s3, put, createJob, packWorker: () => packWorker() },
        req,
        trained,
      );
      yield* parsePredictions(gen.text, req.prompts, gen.uri);
    },

    /** Scored on this machine by the local worker from the job's downloaded model.tar.gz (the
     *  base model must load here: a folder, or a Hub id in the local Hugging Face cache). */
    async likelihood(req: LikelihoodRequest): Promise<SampleLikelihood[]> {
      if (!req.adapterPath) return likelihoodLocal(req);
      const got = await downloadArtifact(s3, req.adapterPath, `${req.workDir}/artifact`);
      return "adapterPath" in got
        ? likelihoodLocal({ ...req, adapterPath: got.adapterPath })
        : likelihoodLocal({ ...req, baseModel: got.modelPath, adapterPath: null });
    },
  };
}

function tryParse(text: string, req: GenerateRequest, where: string): Prediction[] | null {
  try {
    return parsePredictions(text, req.prompts, where);
  } catch {
    return null;
  }
}

/** The eval split's predictions are made inside the job, with these settings (sagemaker.py). */
function hyperParametersFor(spec: RunSpec, config: SageMakerConfig) {
  return {
    ...userHyperParameters(spec),
    save_every: config.saveEverySteps,
    gen_max_new_tokens: config.generation.maxNewTokens,
    gen_temperature: config.generation.temperature,
  };
}
