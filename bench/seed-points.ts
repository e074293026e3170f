import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/server/db";

/**
 * Stores generated metric points as run_metric_chunks rows, packed in SQL (int4send/float8send,
 * the layout drizzle/schema/metrics.ts describes, as the migration from run_metrics does): `rows`
 * is a query yielding (run_id, name, step, value, time) with unique (run_id, name, step), for
 * series not stored yet. Seeding millions of points this way skips the API on purpose; the API's
 * own speed is measured separately.
 */
export async function insertPointRows(db: Db, rows: SQL): Promise<void> {
  await db.execute(sql`
    INSERT INTO run_metric_chunks (run_id, name, chunk, n, first_step, last_step, last_value, steps, values, times)
    SELECT run_id, name, floor(step / 1000.0)::int, count(*)::int, min(step), max(step),
      (array_agg(value ORDER BY step DESC))[1],
      string_agg(int4send(step), ''::bytea ORDER BY step),
      string_agg(float8send(value), ''::bytea ORDER BY step),
      string_agg(float8send((extract(epoch FROM time) * 1000)::float8), ''::bytea ORDER BY step)
    FROM (${rows}) AS p(run_id, name, step, value, time)
    GROUP BY run_id, name, floor(step / 1000.0)::int`);
}
