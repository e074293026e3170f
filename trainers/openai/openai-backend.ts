import OpenAI, { AzureOpenAI, toFile } from "openai";
import { trainingLines } from "../local/spec";
import { createPollThrottle } from "../poll-throttle";
import type {
  BackendEvent,
  ExternalRef,
  GenerateRequest,
  PolledEvent,
  Prediction,
  RunContext,
  RunSpec,
  TrainingBackend,
} from "../types";
import { inferenceCostUsd, inferencePriceOf } from "./catalog";
import {
  AZURE_DEPLOYMENT_NAME,
  DEPLOYMENT_RULE,
  type OpenAIConfig,
  type OpenAIConfigInput,
  resolveOpenAIConfig,
} from "./config";
import { mapBounded, withRetry } from "./retry";
import {
  checkpointToBackend,
  eventToBackend,
  jobCreateParams,
  jobOutcome,
  parseResultCsv,
  resultCsvToMetrics,
  suffixFor,
} from "./transform";
import { explainRefusal, validateOpenAISpec } from "./validate";

type OaState = {
  jobId: string;
  runId: string;
  lastEventId: string | null;
  lastCheckpointId: string | null;
  started: boolean;
  metricsSeen: boolean;
  lastStep: number;
  finished: boolean;
};

const PAGE = 100;

function stateOf(ref: ExternalRef): OaState {
  const s = ref.state as Partial<OaState>;
  return {
    jobId: ref.id,
    runId: ref.id,
    lastEventId: null,
    lastCheckpointId: null,
    started: false,
    metricsSeen: false,
    lastStep: 0,
    finished: false,
    ...s,
  };
}

/** Items newer than `lastId` from a newest-first cursor list, oldest first. */
async function newerThan<T extends { id: string }>(
  list: (after?: string) => Promise<{ data: T[]; has_more: boolean }>,
  lastId: string | null,
  maxPages: number,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await list(after);
    for (const item of res.data) {
      if (item.id === lastId) return out.reverse();
      out.push(item);
    }
    if (!res.has_more || !res.data.length) break;
    after = res.data.at(-1)!.id;
  }
  return out.reverse();
}

/**
 * The Azure deployment a generation goes through (AzureOpenAI sends a chat completion to
 * /deployments/{model}): the configured deployment of the base model for the baseline, else a
 * deployment named after the (fine-tuned) model itself.
 */
function azureDeployment(model: string, base: { deployment?: string } | null): string {
  const name = base?.deployment ?? model;
  if (!AZURE_DEPLOYMENT_NAME.test(name))
    throw new Error(
      `openai backend: Azure OpenAI generates through a deployment, and "${name}" cannot name one (${DEPLOYMENT_RULE}); ${base ? "set the project's Azure deployment of the base model" : "deploy the fine-tuned model under a valid name"}`,
    );
  return name;
}

export function createOpenAIBackend(input: OpenAIConfigInput): TrainingBackend {
  const config: OpenAIConfig = resolveOpenAIConfig(input);
  const client: OpenAI = config.azure
    ? new AzureOpenAI({
        apiKey: config.apiKey,
        endpoint: config.azure.endpoint,
        apiVersion: config.azure.apiVersion,
        maxRetries: 0,
      })
    : new OpenAI({
        apiKey: config.apiKey,
        ...(config.baseURL ? { baseURL: config.baseURL } : {}),
        maxRetries: 0,
      });
  const officialApi =
    !config.azure &&
    (!config.baseURL || /(^|\.)api\.openai\.com/.test(new URL(config.baseURL).host));
  const retry = <T>(fn: () => Promise<T>) =>
    withRetry(fn, { maxAttempts: config.maxAttempts, baseMs: config.backoffBaseMs });
  const waitForTurn = createPollThrottle(config.minPollIntervalMs);
  const now = () => (config.now ? config.now() : new Date());
  const validate = (spec: RunSpec) => validateOpenAISpec(spec, { now: now(), officialApi });

  async function upload(jsonl: string, name: string): Promise<string> {
    const file = await toFile(Buffer.from(jsonl), name, {
      type: "application/jsonl",
    });
    return (await retry(() => client.files.create({ file, purpose: "fine-tune" }))).id;
  }

  return {
    kind: "openai",
    validate,

    async submit(spec: RunSpec, ctx: RunContext): Promise<ExternalRef> {
      const issues = validate(spec);
      if (issues.length)
        throw new Error(
          `openai backend: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`,
        );
      const ref = (jobId: string): ExternalRef => ({
        backend: "openai",
        id: jobId,
        cursor: "0",
        state: {
          ...stateOf({ backend: "openai", id: jobId, cursor: null, state: {} }),
          runId: ctx.runId,
        },
      });
      // A dispatch retried after a crash finds the job it created (tagged with the run id).
      // Best effort: a compatible service without the metadata filter just gets a new job.
      const existing = await retry(() =>
        client.fineTuning.jobs.list({ limit: 10, metadata: { tunebench_run_id: ctx.runId } }),
      ).catch(() => null);
      const mine = existing?.data.find((j) => j.metadata?.tunebench_run_id === ctx.runId);
      if (mine) return ref(mine.id);
      const suffix = suffixFor(ctx.runId);
      // Chat lines for SFT, preference lines for DPO: the same files the local worker reads.
      const lines = trainingLines(spec);
      const trainingFile = await upload(lines.train, `${suffix}-train.jsonl`);
      const validationFile =
        spec.eval?.length && lines.eval ? await upload(lines.eval, `${suffix}-eval.jsonl`) : null;
      try {
        const job = await retry(() =>
          client.fineTuning.jobs.create(
            jobCreateParams(spec, { runId: ctx.runId, trainingFile, validationFile }),
          ),
        );
        return ref(job.id);
      } catch (e) {
        await Promise.allSettled(
          [trainingFile, validationFile]
            .filter((f): f is string => !!f)
            .map((f) => client.files.delete(f)),
        );
        throw explainRefusal(e) ?? e;
      }
    },

    async *poll(ref: ExternalRef, opts: { waitMs?: number } = {}): AsyncIterable<PolledEvent> {
      let s = stateOf(ref);
      let seq = Number(ref.cursor ?? 0);
      if (s.finished) return;
      const deadline = Date.now() + (opts.waitMs ?? 0);
      for (;;) {
        if (!(await waitForTurn(s.jobId, deadline))) return;
        const t = Date.now() / 1000;
        const job = await retry(() => client.fineTuning.jobs.retrieve(s.jobId));
        const events = await newerThan(
          (after) =>
            retry(() =>
              client.fineTuning.jobs.listEvents(s.jobId, {
                limit: PAGE,
                ...(after ? { after } : {}),
              }),
            ),
          s.lastEventId,
          config.maxPagesPerPoll,
        );
        const checkpoints = await newerThan(
          (after) =>
            retry(() =>
              client.fineTuning.jobs.checkpoints.list(s.jobId, {
                limit: PAGE,
                ...(after ? { after } : {}),
              }),
            ),
          s.lastCheckpointId,
          config.maxPagesPerPoll,
        );
        const batch: BackendEvent[] = [];
        const next: OaState = {
          ...s,
          lastEventId: events.at(-1)?.id ?? s.lastEventId,
          lastCheckpointId: checkpoints.at(-1)?.id ?? s.lastCheckpointId,
        };
        if (!s.started && (job.status === "running" || job.status === "succeeded")) {
          batch.push({
            type: "started",
            time: t,
            device: `openai:${job.model}`,
            totalSteps: 0,
            resumedFromStep: 0,
          });
          next.started = true;
        }
        for (const e of events.flatMap(eventToBackend)) {
          batch.push(e);
          if (e.type === "metric") next.metricsSeen = true;
          if ("step" in e) next.lastStep = Math.max(next.lastStep, e.step);
        }
        batch.push(...checkpoints.map(checkpointToBackend));
        const final = jobOutcome(job, next.lastStep, t);
        if (final.kind === "terminal") {
          // Services that send no metrics events still write the result CSV.
          if (job.status === "succeeded" && !next.metricsSeen && job.result_files[0]) {
            const res = await retry(() => client.files.content(job.result_files[0]!));
            batch.push(
              ...resultCsvToMetrics(parseResultCsv(await res.text()), job.finished_at ?? t),
            );
          }
          batch.push(...final.events);
          next.finished = true;
        }
        // Only the batch's last event carries the advanced cursor and state (see sagemaker-backend).
        for (const [i, event] of batch.entries()) {
          const last = i === batch.length - 1;
          yield {
            event,
            seq: seq + i + 1,
            ref: last ? { ...ref, cursor: String(seq + batch.length), state: next } : ref,
          };
        }
        seq += batch.length;
        s = next;
        if (batch.length || s.finished || Date.now() >= deadline) return;
        if (Date.now() + config.minPollIntervalMs > deadline) return;
      }
    },

    async cancel(ref: ExternalRef): Promise<void> {
      try {
        await retry(() => client.fineTuning.jobs.cancel(stateOf(ref).jobId));
      } catch (e) {
        // A job that already ended cannot be cancelled; poll reports how it ended.
        if ((e as { status?: number }).status !== 400) throw e;
      }
    },

    async *generate(req: GenerateRequest): AsyncIterable<Prediction> {
      let model = req.baseModel;
      if (req.ref) {
        const job = await retry(() => client.fineTuning.jobs.retrieve(stateOf(req.ref!).jobId));
        if (!job.fine_tuned_model)
          throw new Error(
            `openai backend: job ${job.id} is ${job.status} and has no fine-tuned model to generate with`,
          );
        model = job.fine_tuned_model;
      }
      const target = config.azure ? azureDeployment(model, req.ref ? null : config.azure) : model;
      const usage = { promptTokens: 0, completionTokens: 0 };
      const outputs = await mapBounded(req.prompts, config.concurrency, async (p) => {
        const res = await retry(() =>
          client.chat.completions.create({
            model: target,
            messages: p.messages,
            max_tokens: req.settings.maxNewTokens,
            temperature: req.settings.temperature,
            top_p: req.settings.topP,
            ...(req.settings.stop.length ? { stop: req.settings.stop.slice(0, 4) } : {}),
          }),
        );
        usage.promptTokens += res.usage?.prompt_tokens ?? 0;
        usage.completionTokens += res.usage?.completion_tokens ?? 0;
        return res.choices[0]?.message?.content ?? "";
      });
      const costUsd = inferenceCostUsd(
        inferencePriceOf(model),
        usage.promptTokens,
        usage.completionTokens,
      );
      req.onUsage?.({ model, ...usage, costUsd });
      for (const [i, p] of req.prompts.entries()) yield { id: p.id, output: outputs[i]! };
    },
  };
}
