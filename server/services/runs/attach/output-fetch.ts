import { and, desc, eq, sql } from "drizzle-orm";
import { jobs } from "@/drizzle/schema";
import type { Db } from "@/server/db";

/** The run's latest S3 fetch (run.fetch-output job), for its page: where from, how it went, and
 *  why it failed (the job's last error, e.g. a refused key or a missing file). */
export async function latestOutputFetch(db: Db, runId: string) {
  const [job] = await db
    .select({
      payload: jobs.payload,
      status: jobs.status,
      error: jobs.lastError,
      at: jobs.createdAt,
    })
    .from(jobs)
    .where(and(eq(jobs.kind, "run.fetch-output"), sql`${jobs.payload}->>'runId' = ${runId}`))
    .orderBy(desc(jobs.createdAt))
    .limit(1);
  if (!job) return null;
  return {
    uri: (job.payload as { uri: string }).uri,
    status: job.status,
    error: job.error,
    at: job.at,
  };
}
