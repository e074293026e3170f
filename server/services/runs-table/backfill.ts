import { sql } from "drizzle-orm";
import { NOT_STARTED_STATUSES } from "@/core/run-status";
import type { Db } from "@/server/db";
import { refreshRunCosts } from "@/server/services/cost/refresh-costs";
import { textArray } from "@/server/services/ingest/pg-array";
import type { TableScope } from "./scope";
import { backfillSummaries } from "./summary";

/** Scopes (experiments, projects) whose runs this process has already checked. */
const done = new Set<string>();

/**
 * Runs written before runs.summary and runs.cost existed (or by tools that bypass the services)
 * get them computed the first time this process shows them; afterwards the services keep them
 * current, so the check runs once per scope per process.
 */
export async function backfillOnce(db: Db, scope: TableScope): Promise<void> {
  if (done.has(scope.key)) return;
  await backfillSummaries(db, scope.where);
  const { rows } = await db.execute<{ id: string }>(sql`
    SELECT r.id FROM runs r WHERE ${scope.where} AND r.cost IS NULL
      AND r.status::text <> ALL(${textArray(NOT_STARTED_STATUSES)})`);
  for (let i = 0; i < rows.length; i += 2000)
    await refreshRunCosts(
      db,
      rows.slice(i, i + 2000).map((r) => r.id),
    );
  done.add(scope.key);
}
