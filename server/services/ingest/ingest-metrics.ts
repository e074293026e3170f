import type { PGlite } from "@electric-sql/pglite";
import { and, eq, sql } from "drizzle-orm";
import { runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { notFound } from "@/server/errors";
import type {
  IngestMetricsRequest,
  IngestMetricsResponse,
  MetricPoint,
} from "@/server/schemas/ingest";
import { csvRow } from "@/server/services/export/csv";
import { afterMetricsStored } from "./after-metrics";
import { floatArray, intArray, textArray } from "./pg-array";

/**
 * Stores a batch of metric points for a run in the caller's project, idempotent by
 * (run, name, step): a point already stored (a retried request) is ignored, and a point repeated
 * within the batch counts once (the first wins).
 *
 * On PGlite the batch goes through COPY FROM a blob, about twice as fast as INSERT … unnest (the
 * array literal parsing dominates there), with the run's foreign key checked once per batch.
 * COPY has no ON CONFLICT, so a batch that overlaps stored points fails as a whole (unique
 * violation, nothing written) and is retried through INSERT … ON CONFLICT DO NOTHING. PostgreSQL takes INSERT … unnest directly.
 */
export async function ingestMetrics(
  db: Db,
  scope: { projectId: string; runId: string },
  body: IngestMetricsRequest,
): Promise<IngestMetricsResponse> {
  const { points } = body; // validated by the caller (the route parses the body with IngestMetricsRequest)
  const [run] = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.id, scope.runId), eq(runs.projectId, scope.projectId)));
  if (!run) throw notFound("Run");
  const unique = dedupe(points);
  const now = Date.now() / 1000;
  const seconds = unique.map((p) =>
    p.time === undefined ? now : typeof p.time === "number" ? p.time : Date.parse(p.time) / 1000,
  );
  const client = pgliteClient(db);
  let inserted: number | null = null;
  if (client) inserted = await copyInto(client, run.id, unique, seconds);
  if (inserted === null) inserted = await insertOnConflict(db, run.id, unique, seconds);
  await afterMetricsStored(db, run.id, unique);
  return { runId: run.id, received: points.length, inserted };
}

function dedupe(points: MetricPoint[]): MetricPoint[] {
  const seen = new Set<string>();
  return points.filter((p) => {
    const k = `${p.step}\u0000${p.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function pgliteClient(db: Db): PGlite | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client && typeof (client as PGlite).dumpDataDir === "function" ? (client as PGlite) : null;
}

/** null when the batch overlaps stored points (nothing was written). */
async function copyInto(
  client: PGlite,
  runId: string,
  points: MetricPoint[],
  seconds: number[],
): Promise<number | null> {
  const lines: string[] = new Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    lines[i] = csvRow([runId, p.name, p.step, p.value, new Date(seconds[i]! * 1000).toISOString()]);
  }
  try {
    // The foreign key to runs is checked once for the batch (the row locked FOR KEY SHARE, as the
    // per-row RI trigger would) instead of by 100,000 trigger calls: this halves the CPU per batch.
    // session_replication_role is LOCAL to this transaction; PGlite runs as its superuser.
    const r = await client.transaction(async (tx) => {
      const run = await tx.query("SELECT 1 FROM runs WHERE id = $1 FOR KEY SHARE", [runId]);
      if (run.rows.length === 0) throw notFound("Run");
      await tx.exec("SET LOCAL session_replication_role = replica");
      return tx.query(
        "COPY run_metrics (run_id, name, step, value, time) FROM '/dev/blob' WITH (FORMAT csv)",
        [],
        { blob: new Blob(lines) },
      );
    });
    return r.affectedRows ?? points.length;
  } catch (e) {
    if ((e as { code?: string }).code === "23505") return null;
    throw e;
  }
}

async function insertOnConflict(
  db: Db,
  runId: string,
  points: MetricPoint[],
  seconds: number[],
): Promise<number> {
  const r = await db.execute<{ n: number | string }>(sql`
    WITH ins AS (
      INSERT INTO run_metrics (run_id, name, step, value, time)
      SELECT ${runId}, n, s, v, to_timestamp(t)
      FROM unnest(${textArray(points.map((p) => p.name))}, ${intArray(points.map((p) => p.step))}, ${floatArray(points.map((p) => p.value))}, ${floatArray(seconds)}) AS u(n, s, v, t)
      ON CONFLICT DO NOTHING RETURNING 1)
    SELECT count(*) AS n FROM ins`);
  return Number(r.rows[0]?.n ?? 0);
}
