import { sql } from "drizzle-orm";
import { NOT_STARTED_STATUSES } from "@/core/run-status";
import type { Db } from "@/server/db";
import { refreshRunCosts } from "@/server/services/cost/refresh-costs";
import { textArray } from "@/server/services/ingest/pg-array";
import { backfillSummaries } from "./summary";

/** Experiments whose runs this process has already checked. */
const done = new Set<string>();

/**
 * Runs written before runs.summary and runs.cost existed (or by tools that bypass the services)
 * get them computed the first time this process shows their experiment; afterwards the services
 * keep them current, so the check runs once per experiment per process.
 */
export async function backfillOnce(db: Db, experimentId: string): Promise<void> {
  if (done.has(experimentId)) return;
  await backfillSummaries(db, experimentId);
  const { rows } = await db.execute<{ id: string }>(sql`
    SELECT id FROM runs WHERE experiment_id = ${experimentId} AND cost IS NULL
      AND status::text <> ALL(${textArray(NOT_STARTED_STATUSES)})`);
  for (let i = 0; i < rows.length; i += 2000)
    await refreshRunCosts(
      db,
      rows.slice(i, i + 2000).map((r) => r.id),
    );
  done.add(experimentId);
}
