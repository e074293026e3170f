import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { textArray } from "@/server/services/ingest/pg-array";

/**
 * runs.summary holds what the runs table sorts and filters on: the last value (by step) of every
 * metric series and the corpus score of every evaluation metric (the evaluation wins a name
 * clash). These statements keep it right when metrics or evaluations are written.
 */
const SUMMARY_OF_RUN = sql`
  coalesce((SELECT jsonb_object_agg(x.name, x.value) FROM (
      SELECT DISTINCT ON (c.name) c.name, c.last_value AS value FROM run_metric_chunks c WHERE c.run_id = r.id ORDER BY c.name, c.chunk DESC) x), '{}'::jsonb)
  || coalesce((SELECT jsonb_object_agg(kv.key, kv.value -> 'score') FROM evaluations e, jsonb_each(e.scores) kv
      WHERE e.run_id = r.id AND e.status = 'completed' AND jsonb_typeof(kv.value -> 'score') = 'number'), '{}'::jsonb)`;

/** Recomputes the whole summary of the given runs (after an evaluation or a promotion; backfills). */
export async function refreshRunSummaries(db: Db, runIds: string[]): Promise<void> {
  if (runIds.length === 0) return;
  await db.execute(
    sql`UPDATE runs r SET summary = ${SUMMARY_OF_RUN} WHERE r.id = ANY(${textArray(runIds)})`,
  );
}

/** Recomputes summaries of runs (`where` over `runs r`) that finished before summaries existed. */
export async function backfillSummaries(db: Db, where: SQL): Promise<void> {
  await db.execute(sql`UPDATE runs r SET summary = ${SUMMARY_OF_RUN}
    WHERE ${where} AND r.summary = '{}'::jsonb
      AND (EXISTS (SELECT 1 FROM evaluations e WHERE e.run_id = r.id AND e.status = 'completed')
           OR EXISTS (SELECT 1 FROM run_metric_chunks c WHERE c.run_id = r.id))`);
}

/**
 * After metric points of `names` were stored for a run: the last value of each of those series
 * (its last chunk's last value: one backward index probe per name) merged into the summary.
 */
export async function updateMetricSummary(db: Db, runId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await db.execute(sql`UPDATE runs r SET summary = r.summary || coalesce((
      SELECT jsonb_object_agg(n.name, (SELECT c.last_value FROM run_metric_chunks c WHERE c.run_id = r.id AND c.name = n.name ORDER BY c.chunk DESC LIMIT 1))
      FROM unnest(${textArray(names)}) AS n(name)), '{}'::jsonb)
    WHERE r.id = ${runId}`);
}
