import type { Db } from "@/server/db";
import { readSeriesChunks } from "@/server/services/metric-store";
import type { RawPoint } from "./tiles";

/** A series' points with step >= fromStep, in step order; wall-clock times (ms) only when asked
 *  for, else 0. */
export async function readRaw(
  db: Db,
  runId: string,
  name: string,
  opts: { fromStep?: number; withTime: boolean },
): Promise<RawPoint[]> {
  const from = opts.fromStep ?? -Infinity;
  const out: RawPoint[] = [];
  for (const c of await readSeriesChunks(db, runId, name, opts))
    for (let i = 0; i < c.steps.length; i++)
      if (c.steps[i]! >= from)
        out.push({ step: c.steps[i]!, value: c.values[i]!, time: c.times ? c.times[i]! : 0 });
  return out;
}
