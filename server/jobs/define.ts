import type { z } from "zod";
import type { jobs } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { JOB_CONTRACTS, type JobKind, type JobPayload } from "./contracts";

export type JobRow = typeof jobs.$inferSelect;

export type JobHandlerArgs<P> = {
  /** A system context: no user or role; services take the project from the entity they touch. */
  ctx: Ctx;
  payload: P;
  job: JobRow;
  /** Aborted when the worker stops or loses the lease; long handlers should stop and throw. */
  signal: AbortSignal;
  /** Extends the lease now (the loop also does so every leaseSeconds / 3). */
  heartbeat(): Promise<void>;
};

export type FinalFailureArgs<P> = {
  /** Its `db` is the transaction that also marks the job failed: both happen, or neither. */
  ctx: Ctx;
  payload: P;
  job: JobRow;
  /** The last attempt's error. */
  error: Error;
};

/** What the worker loop runs. The loop itself serves any kind (its tests define their own);
 *  the app's jobs are built by `defineJob`, which types them by their contract. */
export interface JobDefinition<P> {
  kind: string;
  payload: z.ZodType<P>;
  // Method syntax keeps definitions with different payloads assignable to JobDefinition<unknown>.
  handler(args: JobHandlerArgs<P>): Promise<void>;
  /** Called once when the job fails for good (its last attempt failed, a PermanentJobError, or
   *  its workers kept dying), never for an invalid payload; e.g. marks the run it was working on
   *  failed, so nothing looks stuck. */
  onFinalFailure?(args: FinalFailureArgs<P>): Promise<void>;
  /** How long a claim lasts without a heartbeat before another worker may take the job. Default 60. */
  leaseSeconds?: number;
  /** First retry delay; each further retry doubles it (capped at 10 minutes). Default 2000. */
  backoffMs?: number;
}

/** A job kind as data: its contract's payload and a thin handler that calls a service. Handlers
 *  must be idempotent: a job whose worker dies is run again once its lease lapses. */
export function defineJob<K extends JobKind>(
  definition: Omit<JobDefinition<JobPayload<K>>, "kind" | "payload"> & { kind: K },
): JobDefinition<JobPayload<K>> & { kind: K } {
  // An indexed lookup with a generic key is beyond TypeScript; the contract map is what pairs them.
  const payload = JOB_CONTRACTS[definition.kind].payload as unknown as z.ZodType<JobPayload<K>>;
  return { ...definition, payload };
}

/** Thrown by a handler when retrying cannot help (bad payload, missing entity). */
export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
}
