import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { intArray, textArray } from "@/server/services/ingest/pg-array";
import { packFloat64, packInt32, unpackFloat64, unpackInt32 } from "./codec";

/** Steps per chunk row: a chunk holds the steps [chunk × CHUNK_STEPS, (chunk + 1) × CHUNK_STEPS). */
export const CHUNK_STEPS = 1000;
export const chunkOf = (step: number): number => Math.floor(step / CHUNK_STEPS);

/** A point as stored: `time` in milliseconds since the epoch. */
export type StoredPoint = { name: string; step: number; value: number; time: number };

export type StoreResult = {
  /** Points that were not stored before (a step already stored keeps its first value). */
  inserted: number;
  /** Per series with new points: the lowest and highest new step. */
  changed: Map<string, { lowest: number; highest: number }>;
};

type Columns = { steps: ArrayLike<number>; values: ArrayLike<number>; times: ArrayLike<number> };
type Group = { name: string; chunk: number; points: StoredPoint[] };

/** Chunk rows per INSERT: 10 parameters each, far below PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 500;

/**
 * Merges a batch of a run's points into run_metric_chunks, idempotent by (run, name, step): a
 * step already stored keeps its value (a replayed batch changes nothing), and within the batch the
 * first point of a step wins. Each touched chunk is read once, merged here and written back in one
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
): Promise<StoreResult> {
  const changed: StoreResult["changed"] = new Map();
  const groups = groupByChunk(points);
  if (groups.length === 0) return { inserted: 0, changed };
  const stored = await readChunks(db, runId, groups);
  let inserted = 0;
  const rows: SQL[] = [];
  for (const g of groups) {
    const merged = merge(stored.get(keyOf(g.name, g.chunk)), g.points);
    if (merged.added.length === 0) continue;
    inserted += merged.added.length;
    const range = changed.get(g.name) ?? { lowest: Infinity, highest: -Infinity };
    range.lowest = Math.min(range.lowest, merged.added[0]!);
    range.highest = Math.max(range.highest, merged.added.at(-1)!);
    changed.set(g.name, range);
    const { steps, values, times } = merged.columns;
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
  return { inserted, changed };
}

const keyOf = (name: string, chunk: number) => `${chunk}\u0000${name}`;

/** Points grouped by (name, chunk), each group sorted by step with repeated steps dropped
 *  (the first in batch order stays: the sort is stable). */
function groupByChunk(points: readonly StoredPoint[]): Group[] {
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
  for (const g of groups) {
    const ps = g.points;
    let sorted = true;
    for (let i = 1; i < ps.length && sorted; i++) sorted = ps[i - 1]!.step < ps[i]!.step;
    if (sorted) continue;
    ps.sort((a, b) => a.step - b.step);
    g.points = ps.filter((p, i) => i === 0 || p.step !== ps[i - 1]!.step);
  }
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

/** Stored columns plus new points (sorted, unique steps): the merged columns and the new steps. */
function merge(
  stored: Columns | undefined,
  incoming: StoredPoint[],
): { columns: Columns; added: number[] } {
  if (!stored)
    return {
      columns: {
        steps: incoming.map((p) => p.step),
        values: incoming.map((p) => p.value),
        times: incoming.map((p) => p.time),
      },
      added: incoming.map((p) => p.step),
    };
  const steps: number[] = [],
    values: number[] = [],
    times: number[] = [],
    added: number[] = [];
  let i = 0,
    j = 0;
  while (i < stored.steps.length || j < incoming.length) {
    const p = incoming[j];
    if (i < stored.steps.length && (!p || stored.steps[i]! <= p.step)) {
      if (p && stored.steps[i] === p.step) j++; // already stored: the stored value stays
      steps.push(stored.steps[i]!);
      values.push(stored.values[i]!);
      times.push(stored.times[i]!);
      i++;
    } else if (p) {
      steps.push(p.step);
      values.push(p.value);
      times.push(p.time);
      added.push(p.step);
      j++;
    }
  }
  return { columns: { steps, values, times }, added };
}
