import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { notFound } from "@/server/errors";
import { SeriesInput, type SeriesOutput, type SeriesX } from "@/server/schemas/series";
import { projectOf, type DomainCtx } from "@/server/services/datasets/scope";
import { textArray } from "@/server/services/ingest/pg-array";
import { lttbEnvelope, type InPoint } from "./lttb";
import { readRaw } from "./read-raw";
import { chooseWidth, ensureTiles, readTiles, type RawPoint } from "./tiles";
import { xMapper, type RunX } from "./x-axis";

/** A series with at most this many raw points per output point is downsampled from raw rows. */
const RAW_FACTOR = 4;

/**
 * Chart data for up to 100 runs × 50 metric names: each series reduced to about `maxPoints`
 * points by LTTB with a min/max envelope. Short series are read raw; long ones from the tile
 * pyramid (server/services/series/tiles.ts), so a 100,000-point series costs ~4,000 rows read.
 */
export async function getSeries({ ctx, input }: { ctx: DomainCtx; input: SeriesInput }): Promise<SeriesOutput> {
  const projectId = projectOf(ctx);
  const { runIds, names, x, maxPoints } = SeriesInput.parse(input);
  const { rows: runs } = await ctx.db.execute<RunX & { id: string }>(sql`
    SELECT id, step, epoch, tokens_seen, total_steps, hyperparams -> 'epochs' AS epochs FROM runs
    WHERE id = ANY(${textArray(runIds)}) AND project_id = ${projectId}`);
  if (runs.length !== new Set(runIds).size) throw notFound("Run");
  const byId = new Map(runs.map((r) => [r.id, r]));
  // Which (run, name) pairs exist, with their last step: one index probe each.
  const { rows: heads } = await ctx.db.execute<{ run_id: string; name: string; first: number; last: number }>(sql`
    SELECT r.id AS run_id, n.name,
      (SELECT step FROM run_metrics m WHERE m.run_id = r.id AND m.name = n.name ORDER BY step ASC LIMIT 1) AS first,
      (SELECT step FROM run_metrics m WHERE m.run_id = r.id AND m.name = n.name ORDER BY step DESC LIMIT 1) AS last
    FROM unnest(${textArray([...new Set(runIds)])}) AS r(id), unnest(${textArray(names)}) AS n(name)`);
  const series: SeriesOutput["series"] = [];
  for (const h of heads) {
    if (h.last === null || h.first === null) continue;
    const { points, total } = await candidates(ctx.db, h.run_id, h.name, Number(h.first), Number(h.last), maxPoints, x);
    const toX = xMapper(x, byId.get(h.run_id)!);
    let mapped: InPoint[] = points.map((p) => ({ x: toX(p), y: p.value, min: "min" in p ? (p.min as number) : p.value, max: "max" in p ? (p.max as number) : p.value }));
    if (x === "time") mapped = sortedByX(mapped); // a resumed run may log an earlier clock; x must be monotone for LTTB
    series.push({ runId: h.run_id, name: h.name, points: lttbEnvelope(mapped, maxPoints), total, lastStep: Number(h.last) });
  }
  return { series };
}

async function candidates(db: Db, runId: string, name: string, first: number, last: number, maxPoints: number, x: SeriesX): Promise<{ points: (RawPoint & { min?: number; max?: number })[]; total: number }> {
  const width = chooseWidth(last - first, Math.ceil(maxPoints / 2));
  if (width !== null) {
    const total = await ensureTiles(db, runId, name, width, last);
    if (total > RAW_FACTOR * maxPoints) return { points: await readTiles(db, runId, name, width), total };
  }
  const points = await readRaw(db, runId, name, { withTime: x === "time" });
  return { points, total: points.length };
}

function sortedByX(points: InPoint[]): InPoint[] {
  for (let i = 1; i < points.length; i++) if (points[i]!.x < points[i - 1]!.x) return [...points].sort((a, b) => a.x - b.x);
  return points;
}

export type { SeriesX };
