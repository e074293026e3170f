import { sql } from "drizzle-orm";
import { DEFAULT_SERIES_POINTS } from "@/core/series";
import type { Db } from "@/server/db";
import { enqueueJob } from "@/server/jobs/enqueue";
import { chooseWidth, ensureTiles } from "./tiles";

/** While points arrive, a build is queued each time a run's highest step enters a new range of
 *  this many steps: a first read then extends tiles over at most this many points itself. */
const STEPS_PER_BUILD = 5_000;

/**
 * Queues a build of the run's chart tiles after points up to `highestStep` were stored (in the
 * caller's transaction). Keyed by run and step range, so a run ingesting 10,000-point batches
 * queues one build per 5,000 steps however often batches are retried, and none while its series
 * are short enough to be read raw.
 */
export async function enqueueTileBuild(db: Db, runId: string, highestStep: number): Promise<void> {
  if (chooseWidth(0, highestStep, DEFAULT_SERIES_POINTS) === null) return;
  const range = Math.floor(highestStep / STEPS_PER_BUILD);
  await enqueueJob(db, { kind: "series.tiles", payload: { runId, range } });
}

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
      (SELECT first_step FROM run_metric_chunks c WHERE c.run_id = r.id AND c.name = k.name ORDER BY chunk ASC LIMIT 1) AS first,
      (SELECT last_step FROM run_metric_chunks c WHERE c.run_id = r.id AND c.name = k.name ORDER BY chunk DESC LIMIT 1) AS last
    FROM runs r, jsonb_object_keys(r.summary) AS k(name) WHERE r.id = ${runId}`);
  let built = 0;
  for (const r of rows) {
    if (r.first === null || r.last === null) continue;
    const width = chooseWidth(Number(r.first), Number(r.last), DEFAULT_SERIES_POINTS);
    if (width === null) continue;
    await ensureTiles(db, runId, r.name, width, Number(r.last));
    built++;
  }
  return built;
}
