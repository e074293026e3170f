import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Ctx } from "@/server/ctx";
import { type Db, withTransaction } from "@/server/db";
import { retryDelayMs } from "./backoff";
import { type JobDefinition, type JobRow, PermanentJobError } from "./define";
import { onNudge } from "./nudge";
import { claimJobs, completeJob, failJob, heartbeatJob, releaseJob } from "./queue";

export type WorkerLoopOptions = {
  db: Db;
  definitions: readonly JobDefinition<unknown>[];
  concurrency?: number;
  /** Aborting it stops the loop gracefully, like `stop()`. */
  signal?: AbortSignal;
  pollMs?: number;
  workerId?: string;
  log?: (message: string) => void;
};

export type WorkerLoop = {
  workerId: string;
  /** Stops claiming, lets running handlers finish for `graceMs`, then aborts them; a handler that
   *  throws after the abort hands its job back uncounted. */
  stop(opts?: { graceMs?: number }): Promise<void>;
  /** Resolves once the loop has stopped. */
  done: Promise<void>;
  activeCount(): number;
};

type Active = { job: JobRow; controller: AbortController; settled: Promise<void> };
class LeaseLost extends Error {}
const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));
/** What handlers get: no user or role; services take the project from the entity they touch. */
const systemCtx = (db: Db): Ctx => ({ db, user: null, projectId: null, role: null, via: null });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function startWorkerLoop(opts: WorkerLoopOptions): WorkerLoop {
  const { db, concurrency = 2, pollMs = 500 } = opts;
  const workerId =
    opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const log = opts.log ?? ((m: string) => console.error(`[jobs ${workerId}] ${m}`));
  const byKind = new Map(opts.definitions.map((d) => [d.kind, d]));
  const leaseGroups = groupByLease(opts.definitions);
  const active = new Map<string, Active>();
  let stopping = false;
  let wake: () => void = () => {};
  const unsubscribe = onNudge(() => wake());

  async function claim(): Promise<JobRow[]> {
    const claimed: JobRow[] = [];
    for (const [leaseSeconds, kinds] of leaseGroups) {
      const free = concurrency - active.size - claimed.length;
      if (free <= 0) break;
      claimed.push(...(await claimJobs(db, { workerId, kinds, limit: free, leaseSeconds })));
    }
    return claimed;
  }

  async function run(
    job: JobRow,
    definition: JobDefinition<unknown>,
    controller: AbortController,
  ): Promise<void> {
    const leaseSeconds = definition.leaseSeconds ?? 60;
    let leaseLost = false;
    const heartbeat = async () => {
      if (leaseLost) return;
      if (!(await heartbeatJob(db, job, leaseSeconds))) {
        leaseLost = true;
        controller.abort(new Error(`job ${job.id} lost its lease`));
      }
    };
    const timer = setInterval(
      () => heartbeat().catch((e) => log(`heartbeat failed: ${String(e)}`)),
      (leaseSeconds * 1000) / 3,
    );
    let parsed: { payload: unknown } | null = null;
    try {
      const result = definition.payload.safeParse(job.payload);
      if (!result.success)
        throw new PermanentJobError(`invalid payload for ${job.kind}: ${result.error.message}`);
      parsed = { payload: result.data };
      if (job.attempts > job.maxAttempts)
        throw new PermanentJobError(
          `gave up after ${job.maxAttempts} attempts (its worker kept dying)`,
        );
      await definition.handler({
        ctx: systemCtx(db),
        payload: parsed.payload,
        job,
        signal: controller.signal,
        heartbeat,
      });
      if (!leaseLost) await completeJob(db, job);
    } catch (error) {
      if (leaseLost)
        return log(`job ${job.id} (${job.kind}) lost its lease; its new owner carries on`);
      if (stopping && controller.signal.aborted) {
        await releaseJob(db, job);
        return;
      }
      const permanent = error instanceof PermanentJobError;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      const retryIn = permanent ? null : retryDelayMs(job.attempts, definition.backoffMs);
      const final = retryIn === null || job.attempts >= job.maxAttempts;
      if (final && parsed && definition.onFinalFailure)
        await failForGood(job, definition, parsed.payload, asError(error), message);
      else await failJob(db, job, message, retryIn);
      log(
        `job ${job.id} (${job.kind}) attempt ${job.attempts} failed${final ? " for good" : `, retrying in ${retryIn} ms`}: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      clearInterval(timer);
    }
  }

  /** Marks the job failed and runs its final-failure hook in one transaction, fenced like every
   *  other write: the hook's effects commit only if this worker still holds the job, so they
   *  happen once however many workers race. A hook that throws is logged, and the job still fails. */
  async function failForGood(
    job: JobRow,
    definition: JobDefinition<unknown>,
    payload: unknown,
    error: Error,
    message: string,
  ): Promise<void> {
    try {
      await withTransaction(db, async (tx) => {
        await definition.onFinalFailure!({ ctx: systemCtx(tx), payload, job, error });
        if (!(await failJob(tx, job, message, null))) throw new LeaseLost();
      });
    } catch (e) {
      if (e instanceof LeaseLost)
        return log(`job ${job.id} (${job.kind}) lost its lease; its new owner carries on`);
      log(`job ${job.id} (${job.kind}) final-failure hook failed: ${String(e)}`);
      await failJob(db, job, `${message}\n(its final-failure hook failed too: ${String(e)})`, null);
    }
  }

  function start(job: JobRow) {
    const definition = byKind.get(job.kind)!;
    const controller = new AbortController();
    const settled = run(job, definition, controller)
      .catch((e) => log(`job ${job.id} bookkeeping failed (the lease will lapse): ${String(e)}`))
      .finally(() => {
        active.delete(job.id);
        wake();
      });
    active.set(job.id, { job, controller, settled });
  }

  async function loop() {
    while (!stopping) {
      let claimed: JobRow[] = [];
      if (active.size < concurrency) {
        try {
          claimed = await claim();
        } catch (e) {
          log(`claim failed: ${String(e)}`);
        }
        if (stopping) {
          // Claimed during shutdown: hand back untouched.
          await Promise.all(claimed.map((job) => releaseJob(db, job).catch(() => {})));
          break;
        }
        claimed.forEach(start);
      }
      if (claimed.length === 0 || active.size >= concurrency) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = () => {};
      }
    }
  }

  const loopDone = loop();
  let stopped: Promise<void> | null = null;
  const stop = ({ graceMs = 10_000 } = {}) =>
    (stopped ??= (async () => {
      stopping = true;
      wake();
      await loopDone;
      const settledAll = () => Promise.all([...active.values()].map((a) => a.settled));
      await Promise.race([settledAll(), sleep(graceMs)]);
      for (const a of active.values()) a.controller.abort(new Error("worker stopping"));
      await Promise.race([settledAll(), sleep(5_000)]);
      unsubscribe();
    })());
  opts.signal?.addEventListener("abort", () => void stop(), { once: true });
  if (opts.signal?.aborted) void stop();
  return {
    workerId,
    stop,
    done: loopDone.then(() => stopped ?? undefined),
    activeCount: () => active.size,
  };
}

function groupByLease(definitions: readonly JobDefinition<unknown>[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const d of definitions) {
    const lease = d.leaseSeconds ?? 60;
    groups.set(lease, [...(groups.get(lease) ?? []), d.kind]);
  }
  return groups;
}
