import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import { chooseWidth, ensureTiles } from "./tiles";

/** The maxPoints series.get is asked for by default; its tiles are the ones worth prebuilding. */
const DEFAULT_MAX_POINTS = 1000;

/**
 * Builds the tile pyramid level that a default series.get reads for every metric series of a
 * finished run, so nobody pays the first read of a long series (8-15 s for 100,000-1,000,000
 * points, bench/scale). The series are the metric names in the run's summary; each costs two
 * index probes when it is short or already tiled.
 */
export async function prebuildTiles(db: Db, runId: string): Promise<number> {
  const { rows } = await db.execute<{
    name: string;
    first: number | null;
    last: number | null;
  }>(sql`
    SELECT k.name,
      (SELECT step FROM run_metrics m WHERE m.run_id = r.id AND m.name = k.name ORDER BY step ASC LIMIT 1) AS first,
      (SELECT step FROM run_metrics m WHERE m.run_id = r.id AND m.name = k.name ORDER BY step DESC LIMIT 1) AS last
    FROM runs r, jsonb_object_keys(r.summary) AS k(name) WHERE r.id = ${runId}`);
  let built = 0;
  for (const r of rows) {
    if (r.first === null || r.last === null) continue;
    const width = chooseWidth(Number(r.last) - Number(r.first), DEFAULT_MAX_POINTS / 2);
    if (width === null) continue;
    await ensureTiles(db, runId, r.name, width, Number(r.last));
    built++;
  }
  return built;
}
