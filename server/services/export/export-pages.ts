import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/server/db";
import type { ExportQuery } from "@/server/schemas/export";
import { intArray, textArray } from "@/server/services/ingest/pg-array";
import { type PackedChunkRow, packedColumns, unpackChunk } from "@/server/services/metric-store";

export const EXPORT_COLUMNS = {
  runs: [
    "id",
    "name",
    "index",
    "is_baseline",
    "status",
    "hyperparams",
    "tags",
    "scores",
    "cost_usd",
    "peak_mem_bytes",
    "created_at",
    "finished_at",
  ],
  metrics: ["run_id", "name", "step", "value", "time"],
  samples: ["run_id", "idx", "prompt", "reference", "output", "primary_score", "scores"],
} as const;

type Row = Record<string, unknown>;
/** The next page of rows, or null when the export is complete. */
export type PageSource = () => Promise<Row[] | null>;
type Scope = { experimentId: string; runIds: string[] | null; names: string[] | null };

const RUNS_PER_PAGE = 2_000;
const SAMPLES_PER_PAGE = 2_000;
/** Metric chunk rows per page: up to 10,000 points. The export holds the list of its chunk keys
 *  (one per 1,000 points) besides the page. */
const CHUNKS_PER_PAGE = 10;

const iso = (v: unknown) =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

export function pageSource(db: Db, what: ExportQuery["what"], scope: Scope): PageSource {
  if (what === "metrics") return metricPages(db, scope);
  if (what === "samples") return samplePages(db, scope);
  return runPages(db, scope);
}

/**
 * Pages over a list of keys found up front, each read by its own keyset: every query is pinned to
 * one key's index range, so a page never reads rows of other keys (other runs, other experiments).
 */
function keyed<K, C>(
  keys: () => Promise<K[]>,
  page: (key: K, after: C | null) => Promise<{ rows: Row[]; next: C | null }>,
): PageSource {
  let list: K[] | null = null,
    i = 0,
    after: C | null = null;
  return async () => {
    list ??= await keys();
    while (i < list.length) {
      const { rows, next } = await page(list[i]!, after);
      after = next;
      if (next === null) i++;
      if (rows.length > 0) return rows;
    }
    return null;
  };
}

/** A chunk row of the metrics export, by primary key. */
export type ChunkKey = { runId: string; name: string; chunk: number };

/**
 * The chunk keys of the exported series, in export order (run id, name, step): per run, an index
 * range scan of run_metric_chunks' primary key that reads only the keys (OFFSET 0 keeps each run's
 * scan separate, so no plan can read other runs' rows).
 */
export function chunkKeysSql(runs: SQL, names: string[] | null): SQL {
  return sql`SELECT r.id AS run_id, c.name, c.chunk FROM (${runs}) r
    CROSS JOIN LATERAL (SELECT c.name, c.chunk FROM run_metric_chunks c WHERE c.run_id = r.id
      ${names ? sql`AND c.name = ANY(${textArray(names)})` : sql``} OFFSET 0) c
    ORDER BY r.id, c.name, c.chunk`;
}

/** Chunk rows by their keys, in the given order: one primary-key lookup each (LIMIT 1 keeps each
 *  lookup separate), so a page reads what it returns and nothing else. */
export function chunkPageSql(keys: ChunkKey[]): SQL {
  return sql`SELECT k.o, ${packedColumns(true)}
    FROM unnest(${textArray(keys.map((k) => k.runId))}, ${textArray(keys.map((k) => k.name))}, ${intArray(keys.map((k) => k.chunk))})
      WITH ORDINALITY AS k(r, n, ch, o)
    CROSS JOIN LATERAL (SELECT * FROM run_metric_chunks c WHERE c.run_id = k.r AND c.name = k.n AND c.chunk = k.ch LIMIT 1) c
    ORDER BY k.o`;
}

function metricPages(db: Db, scope: Scope): PageSource {
  const runs = scope.runIds
    ? sql`SELECT id FROM unnest(${textArray(scope.runIds)}) AS r(id)`
    : sql`SELECT id FROM runs WHERE experiment_id = ${scope.experimentId}`;
  let keys: ChunkKey[] | null = null,
    i = 0;
  return async () => {
    keys ??= (
      await db.execute<{ run_id: string; name: string; chunk: number }>(
        chunkKeysSql(runs, scope.names),
      )
    ).rows.map((r) => ({ runId: r.run_id, name: r.name, chunk: Number(r.chunk) }));
    if (i >= keys.length) return null;
    const page = keys.slice(i, i + CHUNKS_PER_PAGE);
    i += page.length;
    const { rows } = await db.execute<PackedChunkRow & { o: number | string }>(chunkPageSql(page));
    const out: Row[] = [];
    for (const row of rows) {
      const runId = page[Number(row.o) - 1]!.runId;
      const c = unpackChunk(row);
      for (let j = 0; j < c.steps.length; j++)
        out.push({
          run_id: runId,
          name: c.name,
          step: c.steps[j],
          value: c.values[j],
          time: new Date(c.times![j]!).toISOString(),
        });
    }
    return out;
  };
}

function samplePages(db: Db, scope: Scope): PageSource {
  return keyed<{ id: string; run_id: string }, number>(
    async () =>
      (
        await db.execute<{ id: string; run_id: string }>(sql`
          SELECT id, run_id FROM evaluations WHERE experiment_id = ${scope.experimentId} AND status = 'completed'
          ${scope.runIds ? sql`AND run_id = ANY(${textArray(scope.runIds)})` : sql``} ORDER BY run_id`)
      ).rows,
    async (evaluation, afterIdx) => {
      const { rows } = await db.execute<Row>(sql`
        SELECT s.idx, s.prompt, s.reference, s.output, s.primary_score, s.scores FROM evaluation_samples s
        WHERE s.evaluation_id = ${evaluation.id} AND s.idx > ${afterIdx ?? -1} ORDER BY s.idx LIMIT ${SAMPLES_PER_PAGE}`);
      const out = rows.map((r) => ({
        run_id: evaluation.run_id,
        idx: Number(r.idx),
        prompt: r.prompt,
        reference: r.reference,
        output: r.output,
        primary_score: r.primary_score === null ? null : Number(r.primary_score),
        scores: r.scores,
      }));
      return { rows: out, next: rows.length < SAMPLES_PER_PAGE ? null : out.at(-1)!.idx };
    },
  );
}

function runPages(db: Db, scope: Scope): PageSource {
  return keyed<null, [number, string]>(
    async () => [null],
    async (_, after) => {
      const [index, id] = after ?? [-1, ""];
      const { rows } = await db.execute<Row>(sql`
        SELECT r.id, r.name, r.index, r.is_baseline, r.status::text AS status, r.hyperparams, r.tags, r.cost, r.peak_mem_bytes, r.created_at, r.finished_at, e.scores
        FROM runs r LEFT JOIN evaluations e ON e.run_id = r.id AND e.status = 'completed'
        WHERE r.experiment_id = ${scope.experimentId} AND (r.index, r.id) > (${index}, ${id})
          ${scope.runIds ? sql`AND r.id = ANY(${textArray(scope.runIds)})` : sql``}
        ORDER BY r.index, r.id LIMIT ${RUNS_PER_PAGE}`);
      return {
        rows: rows.map(runRow),
        next:
          rows.length < RUNS_PER_PAGE
            ? null
            : [rows.at(-1)!.index as number, rows.at(-1)!.id as string],
      };
    },
  );
}

function runRow(r: Row): Row {
  return {
    id: r.id,
    name: r.name,
    index: r.index,
    is_baseline: r.is_baseline,
    status: r.status,
    hyperparams: r.hyperparams,
    tags: r.tags,
    scores: Object.fromEntries(
      Object.entries((r.scores ?? {}) as Record<string, { score?: number }>).map(([k, v]) => [
        k,
        typeof v?.score === "number" ? v.score : null,
      ]),
    ),
    cost_usd: (r.cost as { usd?: number } | null)?.usd ?? null,
    peak_mem_bytes: r.peak_mem_bytes === null ? null : Number(r.peak_mem_bytes),
    created_at: iso(r.created_at),
    finished_at: iso(r.finished_at),
  };
}
