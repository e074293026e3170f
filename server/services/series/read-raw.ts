import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import type { RawPoint } from "./tiles";

/**
 * A series' points with step >= fromStep, in step order. Aggregated into arrays in SQL: one row
 * of three arrays decodes about 4x faster than 100,000 row objects (PGlite measured), and the
 * wall-clock times are read only when asked for.
 */
export async function readRaw(
  db: Db,
  runId: string,
  name: string,
  opts: { fromStep?: number; withTime: boolean },
): Promise<RawPoint[]> {
  const { rows } = await db.execute<{
    s: number[] | null;
    v: number[] | null;
    t: number[] | null;
  }>(sql`
    SELECT array_agg(step ORDER BY step) AS s, array_agg(value ORDER BY step) AS v,
      ${opts.withTime ? sql`array_agg((extract(epoch from time) * 1000)::float8 ORDER BY step)` : sql`NULL::float8[]`} AS t
    FROM run_metrics WHERE run_id = ${runId} AND name = ${name} AND step >= ${opts.fromStep ?? -2147483648}`);
  const { s, v, t } = rows[0] ?? { s: null, v: null, t: null };
  if (!s || !v) return [];
  const out: RawPoint[] = new Array(s.length);
  for (let i = 0; i < s.length; i++)
    out[i] = { step: Number(s[i]), value: Number(v[i]), time: t ? Number(t[i]) : 0 };
  return out;
}
