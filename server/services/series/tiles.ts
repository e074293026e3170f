import { sql } from "drizzle-orm";
import { type Db, withTransaction } from "@/server/db";
import { floatArray, intArray, textArray } from "@/server/services/ingest/pg-array";
import { readRaw } from "./read-raw";

/** Bucket widths of the pyramid, in steps: 1-2-5 per decade from 10 to 500,000,000 (steps are
 *  int4), so neighbouring levels are at most 2.5× apart. Each divides or is a multiple of the
 *  1,000-step chunk of metric-store. */
export const TILE_WIDTHS = [
  10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
  1_000_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000, 200_000_000,
  500_000_000,
] as const;

/** A series with at most this many points per output point is read raw, not from tiles. */
export const RAW_FACTOR = 4;

export type RawPoint = { step: number; value: number; time: number };
/** A candidate point read from a tile, with its bucket's envelope. */
export type TilePoint = RawPoint & { min: number; max: number };

/**
 * The level a read of about `maxPoints` points over steps [first, last] uses: the narrowest whose
 * buckets there number at most maxPoints. Every read therefore costs at most maxPoints tile rows
 * (what a 100,000-step series costs at the default 1,000), whatever the series' length: a shorter
 * series never reads more than a longer one's bound, and the levels being at most 2.5× apart, it
 * still gets at least 0.4 × maxPoints buckets of up to four candidates each for LTTB to choose
 * from. null when the series spans too few steps to need tiles (it is read raw).
 */
export function chooseWidth(first: number, last: number, maxPoints: number): number | null {
  if (last - first + 1 <= RAW_FACTOR * maxPoints) return null;
  for (const w of TILE_WIDTHS)
    if (Math.floor(last / w) - Math.floor(first / w) + 1 <= maxPoints) return w;
  return TILE_WIDTHS[TILE_WIDTHS.length - 1]!;
}

type Tile = { bucket: number; n: number; min: number; max: number; points: RawPoint[] };

/** Buckets of `width` steps over points sorted by step: first, min, max and last of each. Pure. */
export function buildTiles(points: readonly RawPoint[], width: number): Tile[] {
  const tiles: Tile[] = [];
  let i = 0;
  while (i < points.length) {
    const bucket = Math.floor(points[i]!.step / width);
    let j = i,
      iMin = i,
      iMax = i;
    while (j < points.length && Math.floor(points[j]!.step / width) === bucket) {
      if (points[j]!.value < points[iMin]!.value) iMin = j;
      if (points[j]!.value > points[iMax]!.value) iMax = j;
      j++;
    }
    const idx = [...new Set([i, iMin, iMax, j - 1])].sort((a, b) => a - b);
    tiles.push({
      bucket,
      n: j - i,
      min: points[iMin]!.value,
      max: points[iMax]!.value,
      points: idx.map((k) => points[k]!),
    });
    i = j;
  }
  return tiles;
}

/**
 * Brings the (run, name, width) tiles up to `lastStep`: the buckets from the one holding the
 * first uncovered step onward are rebuilt from the stored points (so a live run re-reads only its
 * partial last bucket and what came after). The state row is locked for the rebuild, so two
 * concurrent readers never build the same tiles twice.
 */
export async function ensureTiles(
  db: Db,
  runId: string,
  name: string,
  width: number,
  lastStep: number,
): Promise<number> {
  return withTransaction(db, async (tx) => {
    await tx.execute(
      sql`INSERT INTO run_metric_tile_state (run_id, name, width, covered_to, points) VALUES (${runId}, ${name}, ${width}, -1, 0) ON CONFLICT DO NOTHING`,
    );
    const { rows } = await tx.execute<{ covered_to: number; points: number }>(sql`
      SELECT covered_to, points FROM run_metric_tile_state WHERE run_id = ${runId} AND name = ${name} AND width = ${width} FOR UPDATE`);
    const state = rows[0]!;
    if (state.covered_to >= lastStep) return Number(state.points);
    const fromBucket = Math.floor((state.covered_to + 1) / width);
    const removed = await tx.execute<{ n: number | string | null }>(sql`
      WITH d AS (DELETE FROM run_metric_tiles WHERE run_id = ${runId} AND name = ${name} AND width = ${width} AND bucket >= ${fromBucket} RETURNING n)
      SELECT sum(n) AS n FROM d`);
    const points = await readRaw(tx, runId, name, { fromStep: fromBucket * width, withTime: true });
    const tiles = buildTiles(points, width);
    for (let i = 0; i < tiles.length; i += 5_000)
      await insertTiles(tx, runId, name, width, tiles.slice(i, i + 5_000));
    const total = Number(state.points) - Number(removed.rows[0]?.n ?? 0) + points.length;
    const covered = points.length ? Math.max(lastStep, points[points.length - 1]!.step) : lastStep;
    await tx.execute(sql`UPDATE run_metric_tile_state SET covered_to = ${covered}, points = ${total}, updated_at = now()
      WHERE run_id = ${runId} AND name = ${name} AND width = ${width}`);
    return total;
  });
}

async function insertTiles(db: Db, runId: string, name: string, width: number, tiles: Tile[]) {
  if (tiles.length === 0) return;
  // Each tile's candidate arrays travel as a small array literal inside one text[] parameter, so
  // every row parses only its own few values.
  const lit = (xs: number[]) => `{${xs.join(",")}}`;
  await db.execute(sql`
    INSERT INTO run_metric_tiles (run_id, name, width, bucket, n, min_value, max_value, steps, values, times)
    SELECT ${runId}, ${name}, ${width}, b, n, mn, mx, s::int[], v::float8[], t::float8[]
    FROM unnest(${intArray(tiles.map((t) => t.bucket))}, ${intArray(tiles.map((t) => t.n))}, ${floatArray(tiles.map((t) => t.min))},
                ${floatArray(tiles.map((t) => t.max))}, ${textArray(tiles.map((t) => lit(t.points.map((p) => p.step))))},
                ${textArray(tiles.map((t) => lit(t.points.map((p) => p.value))))}, ${textArray(tiles.map((t) => lit(t.points.map((p) => p.time))))})
      AS u(b, n, mn, mx, s, v, t)`);
}

export type SeriesKey = { runId: string; name: string; width: number };
const keyOf = (k: { runId: string; name: string; width: number }) =>
  `${k.runId}\u0000${k.name}\u0000${k.width}`;

/** Tile state of many series in one query: covered-to step and point count, by series key. */
export async function readTileStates(
  db: Db,
  keys: SeriesKey[],
): Promise<Map<string, { coveredTo: number; points: number }>> {
  const out = new Map<string, { coveredTo: number; points: number }>();
  if (keys.length === 0) return out;
  const { rows } = await db.execute<{
    run_id: string;
    name: string;
    width: number;
    covered_to: number;
    points: number;
  }>(sql`
    SELECT s.run_id, s.name, s.width, s.covered_to, s.points FROM run_metric_tile_state s
    JOIN unnest(${textArray(keys.map((k) => k.runId))}, ${textArray(keys.map((k) => k.name))}, ${intArray(keys.map((k) => k.width))}) AS k(r, n, w)
      ON s.run_id = k.r AND s.name = k.n AND s.width = k.w`);
  for (const r of rows)
    out.set(keyOf({ runId: r.run_id, name: r.name, width: Number(r.width) }), {
      coveredTo: Number(r.covered_to),
      points: Number(r.points),
    });
  return out;
}

/**
 * The candidate points of many series' tiles, in step order, each with its bucket's envelope. One
 * text row per series ("min;max;steps;values;times|…", float8 text round-trips exactly): on
 * PGlite this decodes several times faster than a row per tile with array columns, and avoids the
 * sort that unnesting the arrays in SQL needs.
 */
export async function readTilesMany(db: Db, keys: SeriesKey[]): Promise<Map<string, TilePoint[]>> {
  const out = new Map<string, TilePoint[]>();
  if (keys.length === 0) return out;
  const { rows } = await db.execute<{
    run_id: string;
    name: string;
    width: number;
    packed: string;
  }>(sql`
    SELECT t.run_id, t.name, t.width,
      string_agg(concat_ws(';', t.min_value, t.max_value, array_to_string(t.steps, ' '), array_to_string(t.values, ' '), array_to_string(t.times, ' ')), '|' ORDER BY t.bucket) AS packed
    FROM unnest(${textArray(keys.map((k) => k.runId))}, ${textArray(keys.map((k) => k.name))}, ${intArray(keys.map((k) => k.width))}) AS k(r, n, w)
    JOIN run_metric_tiles t ON t.run_id = k.r AND t.name = k.n AND t.width = k.w
    GROUP BY t.run_id, t.name, t.width`);
  for (const r of rows) {
    const pts: TilePoint[] = [];
    for (const tile of r.packed.split("|")) {
      const [mn, mx, s, v, t] = tile.split(";") as [string, string, string, string, string];
      const steps = s.split(" "),
        values = v.split(" "),
        times = t.split(" ");
      const min = Number(mn),
        max = Number(mx);
      for (let i = 0; i < steps.length; i++)
        pts.push({
          step: Number(steps[i]),
          value: Number(values[i]),
          time: Number(times[i]),
          min,
          max,
        });
    }
    out.set(keyOf({ runId: r.run_id, name: r.name, width: Number(r.width) }), pts);
  }
  return out;
}

export { keyOf as tileKey };
