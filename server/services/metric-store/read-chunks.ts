import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { unpackFloat64, unpackInt32 } from "./codec";
import { chunkOf } from "./store-points";

/** One stored chunk of a series, unpacked; `times` (ms since the epoch) only when asked for. */
export type Chunk = {
  name: string;
  chunk: number;
  steps: Int32Array;
  values: Float64Array;
  times: Float64Array | null;
};

export type PackedChunkRow = {
  name: string;
  chunk: number | string;
  s: string;
  v: string;
  t: string | null;
};

/** The columns to select for `unpackChunk`, from run_metric_chunks aliased `c`. */
export const packedColumns = (withTime: boolean) =>
  sql`c.name, c.chunk, encode(c.steps, 'base64') AS s, encode(c.values, 'base64') AS v, ${
    withTime ? sql`encode(c.times, 'base64')` : sql`NULL`
  } AS t`;

export function unpackChunk(r: PackedChunkRow): Chunk {
  return {
    name: r.name,
    chunk: Number(r.chunk),
    steps: unpackInt32(r.s),
    values: unpackFloat64(r.v),
    times: r.t === null ? null : unpackFloat64(r.t),
  };
}

/** The chunks of one series holding steps >= fromStep, in step order (a range scan of the
 *  primary key). The first chunk may still hold smaller steps: callers filter. */
export async function readSeriesChunks(
  db: Db,
  runId: string,
  name: string,
  opts: { fromStep?: number; withTime: boolean },
): Promise<Chunk[]> {
  const fromChunk = opts.fromStep === undefined ? -2147483648 : chunkOf(opts.fromStep);
  const { rows } = await db.execute<PackedChunkRow>(sql`
    SELECT ${packedColumns(opts.withTime)} FROM run_metric_chunks c
    WHERE c.run_id = ${runId} AND c.name = ${name} AND c.chunk >= ${fromChunk} ORDER BY c.chunk`);
  return rows.map(unpackChunk);
}
