import { sql } from "drizzle-orm";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import { SeriesInput, type SeriesOutput, type SeriesX } from "@/server/schemas/series";
import { textArray } from "@/server/services/ingest/pg-array";
import { type InPoint, lttbEnvelope } from "./lttb";
import { readRaw } from "./read-raw";
import {
  chooseWidth,
  ensureTiles,
  RAW_FACTOR,
  type RawPoint,
  readTileStates,
  readTilesMany,
  tileKey,
} from "./tiles";
import { type RunX, xMapper } from "./x-axis";

/**
 * Chart data for up to 100 runs × 50 metric names: each series reduced to about `maxPoints`
 * points by LTTB with a min/max envelope. Short series are read raw; long ones from the tile
 * pyramid (server/services/series/tiles.ts), so a 100,000-point series costs ~4,000 rows read.
 */
export async function getSeries({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: SeriesInput;
}): Promise<SeriesOutput> {
  const projectId = projectOf(ctx);
  const { runIds, names, x, maxPoints } = SeriesInput.parse(input);
  const { rows: runs } = await ctx.db.execute<RunX & { id: string }>(sql`
    SELECT id, step, epoch, tokens_seen, total_steps, hyperparams -> 'epochs' AS epochs FROM runs
    WHERE id = ANY(${textArray(runIds)}) AND project_id = ${projectId}`);
  if (runs.length !== new Set(runIds).size) throw notFound("Run");
  const byId = new Map(runs.map((r) => [r.id, r]));
  // Which (run, name) pairs exist, with their first and last step: two index probes each.
  const { rows: heads } = await ctx.db.execute<{
    run_id: string;
    name: string;
    first: number;
    last: number;
  }>(sql`
    SELECT r.id AS run_id, n.name,
      (SELECT first_step FROM run_metric_chunks c WHERE c.run_id = r.id AND c.name = n.name ORDER BY chunk ASC LIMIT 1) AS first,
      (SELECT last_step FROM run_metric_chunks c WHERE c.run_id = r.id AND c.name = n.name ORDER BY chunk DESC LIMIT 1) AS last
    FROM unnest(${textArray([...new Set(runIds)])}) AS r(id), unnest(${textArray(names)}) AS n(name)`);
  // Long series read their tile pyramid (state and tiles of every series in one query each;
  // stale tiles are extended first); short ones read raw points.
  const present = heads
    .filter((h) => h.last !== null && h.first !== null)
    .map((h) => ({ ...h, first: Number(h.first), last: Number(h.last) }));
  const plans = present.map((h) => ({
    h,
    width: chooseWidth(h.first, h.last, maxPoints),
  }));
  const tiled = plans
    .filter((p): p is { h: (typeof present)[number]; width: number } => p.width !== null)
    .map((p) => ({ h: p.h, key: { runId: p.h.run_id, name: p.h.name, width: p.width } }));
  const states = await readTileStates(
    ctx.db,
    tiled.map((p) => p.key),
  );
  const totals = new Map<string, number>();
  for (const { h, key } of tiled) {
    const state = states.get(tileKey(key));
    totals.set(
      tileKey(key),
      state && state.coveredTo >= h.last
        ? state.points
        : await ensureTiles(ctx.db, key.runId, key.name, key.width, h.last),
    );
  }
  const fromTiles = tiled.filter((p) => totals.get(tileKey(p.key))! > RAW_FACTOR * maxPoints);
  const tiles = await readTilesMany(
    ctx.db,
    fromTiles.map((p) => p.key),
  );
  const tileKeyOf = new Map(
    fromTiles.map((p) => [`${p.h.run_id}\u0000${p.h.name}`, tileKey(p.key)]),
  );

  const series: SeriesOutput["series"] = [];
  for (const h of present) {
    const k = tileKeyOf.get(`${h.run_id}\u0000${h.name}`);
    let points: (RawPoint & { min?: number; max?: number })[];
    let total: number;
    if (k) {
      points = tiles.get(k) ?? [];
      total = totals.get(k)!;
    } else {
      points = await readRaw(ctx.db, h.run_id, h.name, { withTime: x === "time" });
      total = points.length;
    }
    const toX = xMapper(x, byId.get(h.run_id)!);
    let mapped: InPoint[] = points.map((p) => ({
      x: toX(p),
      y: p.value,
      min: p.min ?? p.value,
      max: p.max ?? p.value,
    }));
    if (x === "time") mapped = sortedByX(mapped); // a resumed run may log an earlier clock; x must be monotone for LTTB
    series.push({
      runId: h.run_id,
      name: h.name,
      points: lttbEnvelope(mapped, maxPoints),
      total,
      lastStep: h.last,
    });
  }
  return { series };
}

function sortedByX(points: InPoint[]): InPoint[] {
  for (let i = 1; i < points.length; i++)
    if (points[i]!.x < points[i - 1]!.x) return [...points].sort((a, b) => a.x - b.x);
  return points;
}

export type { SeriesX };
