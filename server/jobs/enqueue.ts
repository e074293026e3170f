import { eq } from "drizzle-orm";
import { jobs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { nudgeWorkers } from "./nudge";

export type EnqueueInput = {
  kind: string;
  payload: unknown;
  /** Idempotency key: enqueueing the same key again returns the existing job. */
  key?: string;
  runAt?: Date;
  maxAttempts?: number;
};

/** Stores a job. Pass a transaction as `db` to enqueue atomically with the change that needs it. */
export async function enqueueJob(
  db: Db,
  input: EnqueueInput,
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
