import type { Db } from "@/server/db";
import {
  type JobKind,
  type JobPayloadInput,
  jobKeyOf,
  maxAttemptsOf,
  type PayloadKeyedKind,
  parseJobPayload,
} from "./contracts";
import { insertJob } from "./queue";

type When = {
  runAt?: Date;
  /** Overrides the contract's attempts (tests). */
  maxAttempts?: number;
};

/** A job to store: its kind decides its payload's type, and whether the caller gives the key
 *  (kinds keyed by payload build their own; see contracts.ts). */
export type EnqueueInput = {
  [K in JobKind]: { kind: K; payload: JobPayloadInput<K> } & When &
    (K extends PayloadKeyedKind
      ? { key?: never }
      : {
          /** Idempotency key: enqueueing the same key again returns the existing job. */
          key?: string;
        });
}[JobKind];

/** Stores a job after validating its payload against its contract. Pass a transaction as `db` to
 *  enqueue atomically with the change that needs it. */
export async function enqueueJob(
  db: Db,
  input: EnqueueInput,
): Promise<{ id: string; created: boolean }> {
  const payload = parseJobPayload(input.kind, input.payload);
  const key = jobKeyOf(input.kind, payload) ?? input.key;
  const maxAttempts = input.maxAttempts ?? maxAttemptsOf(input.kind);
  return insertJob(db, { ...input, payload, key, maxAttempts });
}
