import type { z } from "zod";
import type { jobs } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";

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

export interface JobDefinition<P = unknown> {
  kind: string;
  payload: z.ZodType<P>;
  // Method syntax keeps definitions with different payloads assignable to JobDefinition<unknown>.
  handler(args: JobHandlerArgs<P>): Promise<void>;
  /** Attempts before the job is marked failed (a lapsed lease counts as one). Default 5. */
  maxAttempts?: number;
  /** How long a claim lasts without a heartbeat before another worker may take the job. Default 60. */
  leaseSeconds?: number;
  /** First retry delay; each further retry doubles it (capped at 10 minutes). Default 2000. */
  backoffMs?: number;
}

/** A job kind as data: a zod payload and a thin handler that calls a service. Handlers must be
 *  idempotent: a job whose worker dies is run again once its lease lapses. */
export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

/** Thrown by a handler when retrying cannot help (bad payload, missing entity). */
export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
}
