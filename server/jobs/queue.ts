import { and, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { jobs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { JobRow } from "./define";
import { nudgeWorkers } from "./nudge";

/** Stores a job of any kind (enqueue.ts types the app's kinds by their contracts). `key` makes it
 *  idempotent: inserting the same key again returns the existing job. */
export async function insertJob(
  db: Db,
  input: { kind: string; payload: unknown; key?: string; runAt?: Date; maxAttempts?: number },
): Promise<{ id: string; created: boolean }> {
  const [row] = await db
    .insert(jobs)
    .values({
      kind: input.kind,
      payload: input.payload ?? {},
      key: input.key,
      runAt: input.runAt,
      maxAttempts: input.maxAttempts,
    })
    .onConflictDoNothing({ target: jobs.key })
    .returning({ id: jobs.id });
  nudgeWorkers();
  if (row) return { id: row.id, created: true };
  const [existing] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.key, input.key!));
  if (!existing) throw new Error(`Job with key "${input.key}" conflicted but cannot be found`);
  return { id: existing.id, created: false };
}

const secondsFromNow = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;

/** Claims up to `limit` due jobs of `kinds`: queued ones whose time has come, and running ones
 *  whose lease lapsed (their worker died). SKIP LOCKED lets concurrent claimers pass over rows
 *  another transaction is claiming, so no job is handed to two workers. */
export async function claimJobs(
  db: Db,
  opts: { workerId: string; kinds: string[]; limit: number; leaseSeconds: number },
): Promise<JobRow[]> {
  if (opts.limit <= 0 || opts.kinds.length === 0) return [];
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.kind, opts.kinds),
        or(
          and(eq(jobs.status, "queued"), lte(jobs.runAt, sql`now()`)),
          and(eq(jobs.status, "running"), lt(jobs.lockedUntil, sql`now()`)),
        ),
      ),
    )
    .orderBy(jobs.runAt)
    .limit(opts.limit)
    .for("update", { skipLocked: true });
  return db
    .update(jobs)
    .set({
      status: "running",
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: opts.workerId,
      lockedUntil: secondsFromNow(opts.leaseSeconds),
      updatedAt: sql`now()`,
    })
    .where(inArray(jobs.id, due))
    .returning();
}

// Every write below is fenced by (lockedBy, attempts): a worker whose lease lapsed and whose job
// was re-claimed can no longer touch it.
const heldBy = (job: JobRow) =>
  and(
    eq(jobs.id, job.id),
    eq(jobs.status, "running"),
    eq(jobs.lockedBy, job.lockedBy!),
    eq(jobs.attempts, job.attempts),
  );

/** Extends the lease; false when it was lost (the job was re-claimed by someone else). */
export async function heartbeatJob(db: Db, job: JobRow, leaseSeconds: number): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ lockedUntil: secondsFromNow(leaseSeconds), updatedAt: sql`now()` })
    .where(heldBy(job))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export async function completeJob(db: Db, job: JobRow): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: "succeeded",
      lockedBy: null,
      lockedUntil: null,
      finishedAt: sql`now()`,
      lastError: null,
      updatedAt: sql`now()`,
    })
    .where(heldBy(job))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Records a failed attempt: queued again after `retryInMs`, or failed for good. */
export async function failJob(
  db: Db,
  job: JobRow,
  error: string,
  retryInMs: number | null,
): Promise<boolean> {
  const retry = retryInMs !== null && job.attempts < job.maxAttempts;
  const rows = await db
    .update(jobs)
    .set({
      status: retry ? "queued" : "failed",
      runAt: retry ? sql`now() + make_interval(secs => ${retryInMs / 1000})` : undefined,
      lockedBy: null,
      lockedUntil: null,
      finishedAt: retry ? null : sql`now()`,
      lastError: error.slice(0, 4000),
      updatedAt: sql`now()`,
    })
    .where(heldBy(job))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Hands a job back without counting the attempt (the worker is stopping, the handler gave up). */
export async function releaseJob(db: Db, job: JobRow): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: "queued",
      attempts: sql`${jobs.attempts} - 1`,
      lockedBy: null,
      lockedUntil: null,
      updatedAt: sql`now()`,
    })
    .where(heldBy(job))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Queues a job that failed for good afresh, its attempts counted from zero: a person asked for it
 *  again. Null when the keyed job does not exist or has not failed (queued, running, succeeded). */
export async function requeueFailedJob(db: Db, key: string): Promise<{ id: string } | null> {
  const [row] = await db
    .update(jobs)
    .set({
      status: "queued",
      attempts: 0,
      runAt: sql`now()`,
      finishedAt: null,
      lastError: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(jobs.key, key), eq(jobs.status, "failed")))
    .returning({ id: jobs.id });
  return row ?? null;
}
