import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { intArray, textArray } from "@/server/services/ingest/pg-array";
import { packFloat64, packInt32, unpackFloat64, unpackInt32 } from "./codec";
import { type Columns, merge, onePerStep, type RepeatPolicy } from "./merge";

/** Steps per chunk row: a chunk holds the steps [chunk × CHUNK_STEPS, (chunk + 1) × CHUNK_STEPS). */
export const CHUNK_STEPS = 1000;
export const chunkOf = (step: number): number => Math.floor(step / CHUNK_STEPS);

/** A point as stored: `time` in milliseconds since the epoch. */
export type StoredPoint = { name: string; step: number; value: number; time: number };

export type StoreResult = {
  /** Points at steps that were not stored before. */
  inserted: number;
  /** Per series with new or replaced points: the lowest and highest such step. */
  changed: Map<string, { lowest: number; highest: number }>;
  /** Points that do not hold their step (policy "latest" only): earlier values of a step logged
   *  again, and points older than the one stored. */
  displaced: StoredPoint[];
};

type Group = { name: string; chunk: number; points: StoredPoint[] };

/** Chunk rows per INSERT: 10 parameters each, far below PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 500;

/**
 * Merges a batch of a run's points into run_metric_chunks, one point per (run, name, step). With
 * the default policy "first" it is idempotent: a step already stored keeps its value (a replayed
 * batch changes nothing), and within the batch the first point of a step wins. With "latest" the
 * point of the latest timestamp holds the step and the others are returned as `displaced` for
 * the caller to keep elsewhere (MLflow appends every value). Each touched chunk is read once, merged here and written back in one
 * upsert per 500 chunks; chunks that gain nothing are not written.
 *
 * The caller must hold the run's row lock (`SELECT … FOR UPDATE` or `FOR NO KEY UPDATE` on runs)
 * in the transaction `db` belongs to: merging reads and then writes, so two writers of one run
 * must take turns.
 */
export async function storePoints(
  db: Db,
  runId: string,
  points: readonly StoredPoint[],
  policy: RepeatPolicy = "first",
): Promise<StoreResult> {
  const changed: StoreResult["changed"] = new Map();
  const displaced: StoredPoint[] = [];
  const groups = groupByChunk(points, policy, displaced);
  if (groups.length === 0) return { inserted: 0, changed, displaced };
  const stored = await readChunks(db, runId, groups);
  let inserted = 0;
  const rows: SQL[] = [];
  for (const g of groups) {
    const { columns, added, replaced } = merge(
      stored.get(keyOf(g.name, g.chunk)),
      g.points,
      policy,
      displaced,
    );
    if (added.length === 0 && replaced.length === 0) continue;
    inserted += added.length;
    const range = changed.get(g.name) ?? { lowest: Infinity, highest: -Infinity };
    for (const steps of [added, replaced])
      if (steps.length) {
        range.lowest = Math.min(range.lowest, steps[0]!);
        range.highest = Math.max(range.highest, steps.at(-1)!);
      }
    changed.set(g.name, range);
    const { steps, values, times } = columns;
    const n = steps.length;
    rows.push(sql`(${runId}, ${g.name}, ${g.chunk}, ${n}, ${steps[0]!}, ${steps[n - 1]!}, ${values[n - 1]!},
      decode(${packInt32(steps)}, 'base64'), decode(${packFloat64(values)}, 'base64'), decode(${packFloat64(times)}, 'base64'))`);
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    await db.execute(sql`
      INSERT INTO run_metric_chunks (run_id, name, chunk, n, first_step, last_step, last_value, steps, values, times)
      VALUES ${sql.join(rows.slice(i, i + ROWS_PER_STATEMENT), sql`, `)}
      ON CONFLICT (run_id, name, chunk) DO UPDATE SET n = excluded.n, first_step = excluded.first_step,
        last_step = excluded.last_step, last_value = excluded.last_value, steps = excluded.steps,
        values = excluded.values, times = excluded.times`);
  return { inserted, changed, displaced };
}

const keyOf = (name: string, chunk: number) => `${chunk}\u0000${name}`;

/** Points grouped by (name, chunk), each group sorted by step, one point per step (onePerStep). */
function groupByChunk(
  points: readonly StoredPoint[],
  policy: RepeatPolicy,
  displaced: StoredPoint[],
): Group[] {
  const byKey = new Map<string, Group>();
  for (const p of points) {
    const chunk = chunkOf(p.step);
    const k = keyOf(p.name, chunk);
    let g = byKey.get(k);
    if (!g) {
      g = { name: p.name, chunk, points: [] };
      byKey.set(k, g);
    }
    g.points.push(p);
  }
  const groups = [...byKey.values()];
  for (const g of groups) g.points = onePerStep(g.points, policy, displaced);
  // A fixed order of writes, so concurrent writers of different runs touch pages alike.
  return groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.chunk - b.chunk));
}

async function readChunks(db: Db, runId: string, groups: Group[]): Promise<Map<string, Columns>> {
  const { rows } = await db.execute<{
    name: string;
    chunk: number;
    s: string;
    v: string;
    t: string;
  }>(sql`
    SELECT c.name, c.chunk, encode(c.steps, 'base64') AS s, encode(c.values, 'base64') AS v, encode(c.times, 'base64') AS t
    FROM unnest(${textArray(groups.map((g) => g.name))}, ${intArray(groups.map((g) => g.chunk))}) AS k(name, chunk)
    JOIN run_metric_chunks c ON c.run_id = ${runId} AND c.name = k.name AND c.chunk = k.chunk`);
  const out = new Map<string, Columns>();
  for (const r of rows)
    out.set(keyOf(r.name, Number(r.chunk)), {
      steps: unpackInt32(r.s),
      values: unpackFloat64(r.v),
      times: unpackFloat64(r.t),
    });
  return out;
}
