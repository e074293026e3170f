import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import {
  type PackedChunkRow,
  type StoredPoint,
  storePoints,
  unpackChunk,
} from "@/server/services/metric-store";

/** A stored metric point; `time` in milliseconds since the epoch. */
export type PointRow = { runId: string; name: string; step: number; value: number; time: number };

/** Every stored point of a run (or of all runs), in (run, name, step) order. */
export async function storedPoints(db: Db, runId?: string): Promise<PointRow[]> {
  const { rows } = await db.execute<PackedChunkRow & { run_id: string }>(sql`
    SELECT c.run_id, c.name, c.chunk, encode(c.steps, 'base64') AS s, encode(c.values, 'base64') AS v, encode(c.times, 'base64') AS t
    FROM run_metric_chunks c ${runId === undefined ? sql`` : sql`WHERE c.run_id = ${runId}`}
    ORDER BY c.run_id, c.name, c.chunk`);
  const out: PointRow[] = [];
  for (const row of rows) {
    const c = unpackChunk(row);
    for (let i = 0; i < c.steps.length; i++)
      out.push({
        runId: row.run_id,
        name: c.name,
        step: c.steps[i]!,
        value: c.values[i]!,
        time: c.times![i]!,
      });
  }
  return out;
}

/** Stores points straight into a run's chunks (fixtures; no project check, no bookkeeping). */
export async function insertPoints(
  db: Db,
  runId: string,
  points: { name: string; step: number; value: number; time?: number }[],
): Promise<void> {
  const now = Date.now();
  await db.transaction(async (tx) => {
    await storePoints(
      tx as unknown as Db,
      runId,
      points.map((p): StoredPoint => ({ ...p, time: p.time ?? now })),
    );
  });
}
