import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { JOB_STATUSES } from "../../core/enums";
import { id, timestamps, tstz } from "./columns";

export const jobStatus = pgEnum("job_status", JOB_STATUSES);

// A durable job. A worker claims it with FOR UPDATE SKIP LOCKED and holds a lease until
// lockedUntil; a worker that dies stops heartbeating, the lease lapses and another worker
// re-claims the job. `key` makes enqueueing idempotent (unique; NULLs never collide).
export const jobs = pgTable(
  "jobs",
  {
    id: id(),
    kind: text("kind").notNull(),
    key: text("key").unique(),
    payload: jsonb("payload").notNull(),
    status: jobStatus("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    runAt: tstz("run_at").notNull().defaultNow(),
    lockedBy: text("locked_by"),
    lockedUntil: tstz("locked_until"),
    lastError: text("last_error"),
    finishedAt: tstz("finished_at"),
    ...timestamps(),
  },
  (t) => [
    index("jobs_claimable_idx").on(t.runAt).where(sql`${t.status} = 'queued'`),
    index("jobs_lease_idx").on(t.lockedUntil).where(sql`${t.status} = 'running'`),
  ],
);
