import { z } from "zod";

// Every job kind's contract: its payload; for kinds whose identity is their payload, the
// idempotency key built from it; and how many attempts a job gets (stored on its row; default 5). A leaf module (zod only): services that enqueue and the handlers
// that run a kind both import it, never each other. Key strings are stored in `jobs.key`; changing
// one lets an existing job be enqueued a second time, so they stay as they are.

const RunJob = z.object({ runId: z.string().min(1) });
type RunJob = z.infer<typeof RunJob>;
const TilesJob = RunJob.extend({ range: z.number().int().min(0).optional() });
type TilesJob = z.infer<typeof TilesJob>;
const ExperimentJob = z.object({ experimentId: z.string().min(1) });
const CheckpointJob = z.object({ runId: z.string().min(1), step: z.number().int().min(0) });
const DeliveryJob = z.object({
  deliveryId: z.string().min(1),
  round: z.number().int().min(0),
  attempt: z.number().int().min(1),
});
type DeliveryJob = z.infer<typeof DeliveryJob>;
const FetchOutputJob = z.object({ runId: z.string().min(1), uri: z.string().min(1) });
type FetchOutputJob = z.infer<typeof FetchOutputJob>;
const PairwiseJudgingJob = z.object({
  runId: z.string().min(1),
  judgeId: z.string().min(1),
  againstRunId: z.string().min(1),
});
type PairwiseJudgingJob = z.infer<typeof PairwiseJudgingJob>;

/** Keys of jobs that a caller keys by circumstance rather than by payload. */
export const jobKeys = {
  /** The run's first dispatch (experiment creation). */
  dispatchRun: (runId: string) => `dispatch:${runId}`,
  /** Follow-ups enqueued by job `afterJobId` (a busy local slot, the next poll slice): keyed by
   *  that job, so a replay of it re-enqueues the same follow-up, not a second one. */
  dispatchRunAfter: (runId: string, afterJobId: string) => `dispatch:${runId}:after:${afterJobId}`,
  pollRunStart: (runId: string) => `poll:${runId}:start`,
  pollRunAfter: (runId: string, afterJobId: string) => `poll:${runId}:after:${afterJobId}`,
  /** An experiment's pending leaderboard refresh: one per round, however many changes it covers
   *  (server/services/leaderboard/board-state.ts). */
  refreshLeaderboard: (experimentId: string, round: number) =>
    `leaderboard.refresh:${experimentId}:${round}`,
  /** A fresh key per request: a retried failure needs a new job, a repeated click does not
   *  (request-evaluation checks the row first). */
  evaluateCheckpoint: (checkpointEvaluationId: string, requestedAt: number) =>
    `checkpoint.evaluate:${checkpointEvaluationId}:${requestedAt}`,
};

/** The one evaluation job of a run: training completion, hooks, the REST API, the CLI and an
 *  experiment's baseline all enqueue under it, so a run is evaluated once however often asked. */
export const evaluateRunKey = (runId: string) => `evaluate:${runId}`;

export const JOB_CONTRACTS = {
  /** Submits a queued run to its backend (server/services/runs/dispatch-run.ts). */
  "run.dispatch": { payload: RunJob },
  /** Consumes a run's backend events for a slice, then hands over to a fresh poll job. */
  "run.poll": { payload: RunJob, maxAttempts: 20 },
  /** Evaluates a trained run, or an experiment's baseline. */
  "run.evaluate": { payload: RunJob, key: (p: RunJob) => evaluateRunKey(p.runId) },
  /** Downloads an external run's output from s3:// into its folder, then requests its evaluation
   *  (server/services/runs/fetch-run-output.ts); one per run and location. */
  "run.fetch-output": {
    payload: FetchOutputJob,
    key: (p: FetchOutputJob) => `fetch-output:${p.runId}:${p.uri}`,
    maxAttempts: 5,
  },
  /** Evaluates one intermediate checkpoint of a run. */
  "checkpoint.evaluate": { payload: CheckpointJob, maxAttempts: 3 },
  /** One HTTP attempt of one outgoing webhook delivery; a redelivery starts a new round. */
  "webhook.deliver": {
    payload: DeliveryJob,
    key: (p: DeliveryJob) => `webhook.deliver:${p.deliveryId}:${p.round}:${p.attempt}`,
    // HTTP failures are rescheduled by the service as new attempts; these cover a crash only.
    maxAttempts: 3,
  },
  /** Prebuilds a run's chart tiles: once when its training ends, and once per step range
   *  (`range`) while its points are ingested (server/services/series/prebuild-tiles.ts). */
  "series.tiles": {
    payload: TilesJob,
    key: (p: TilesJob) =>
      p.range === undefined ? `series.tiles:${p.runId}` : `series.tiles:${p.runId}:${p.range}`,
    maxAttempts: 3,
  },
  /** Judges a run's outputs against a reference run's with a pairwise judge, both orders
   *  (server/services/judges/judge-pairwise.ts); one per (run, judge, reference). */
  "judge.pairwise": {
    payload: PairwiseJudgingJob,
    key: (p: PairwiseJudgingJob) => `judge.pairwise:${p.runId}:${p.judgeId}:${p.againstRunId}`,
  },
  /** Brings an experiment's stored leaderboard up to date (server/services/leaderboard). */
  "leaderboard.refresh": { payload: ExperimentJob, maxAttempts: 5 },
} as const;

type Contracts = typeof JOB_CONTRACTS;
export type JobKind = keyof Contracts;
/** A payload as a handler receives it (parsed: defaults applied). */
export type JobPayload<K extends JobKind> = z.output<Contracts[K]["payload"]>;
/** A payload as a caller enqueues it. */
export type JobPayloadInput<K extends JobKind> = z.input<Contracts[K]["payload"]>;
/** Kinds whose key is built from the payload: enqueueing them takes no key. */
export type PayloadKeyedKind = {
  [K in JobKind]: Contracts[K] extends { key: unknown } ? K : never;
}[JobKind];

export const JOB_KINDS = Object.keys(JOB_CONTRACTS) as JobKind[];

// The contracts seen through one signature, for lookups by a kind known only at run time.
type AnyContract = {
  payload: { parse(input: unknown): unknown };
  key?: (p: never) => string;
  maxAttempts?: number;
};
const contractOf = (kind: JobKind): AnyContract => JOB_CONTRACTS[kind];

/** Validates a payload against its kind's contract (defaults applied). */
export function parseJobPayload<K extends JobKind>(kind: K, payload: unknown): JobPayload<K> {
  return contractOf(kind).payload.parse(payload) as JobPayload<K>;
}

/** Attempts a job of this kind gets before it fails for good (a lapsed lease counts as one). */
export function maxAttemptsOf(kind: JobKind): number | undefined {
  return contractOf(kind).maxAttempts;
}

/** The key a kind keyed by its payload stores a job under; undefined for other kinds. */
export function jobKeyOf<K extends JobKind>(kind: K, payload: JobPayload<K>): string | undefined {
  return contractOf(kind).key?.(payload as never);
}
