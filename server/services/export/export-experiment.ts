import { and, eq, sql } from "drizzle-orm";
import { experiments } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { notFound } from "@/server/errors";
import type { ExportQuery } from "@/server/schemas/export";
import { spreadsheetRow } from "./csv";

const PAGE = 2_000;
type Row = Record<string, unknown>;
type Page = (after: unknown[] | null) => Promise<{ rows: Row[]; next: unknown[] | null }>;

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
    "created_at",
    "finished_at",
  ],
  metrics: ["run_id", "name", "step", "value", "time"],
  samples: ["run_id", "idx", "prompt", "reference", "output", "primary_score", "scores"],
} as const;

const iso = (v: unknown) =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

/**
 * An experiment's runs, metric points or per-sample results as a CSV (RFC 4180, formulas defused:
 * ./csv.ts) or JSON-array
 * byte stream. Pages are read by keyset (never OFFSET) only when the consumer pulls, so memory
 * stays at one page whatever the experiment's size, and a slow client slows the reads.
 */
export async function exportExperiment(
  db: Db,
  projectId: string,
  experimentId: string,
  q: ExportQuery,
): Promise<ReadableStream<Uint8Array>> {
  const [exp] = await db
    .select({ id: experiments.id })
    .from(experiments)
    .where(and(eq(experiments.id, experimentId), eq(experiments.projectId, projectId)));
  if (!exp) throw notFound("Experiment");
  const page = pages(db, experimentId)[q.what];
  const columns = EXPORT_COLUMNS[q.what];
  const encoder = new TextEncoder();
  let after: unknown[] | null = null,
    started = false,
    first = true,
    done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(q.format === "csv" ? spreadsheetRow(columns) : "["));
        return;
      }
      if (done) return;
      const { rows, next } = await page(after);
      let chunk = "";
      for (const r of rows) {
        if (q.format === "csv") chunk += spreadsheetRow(columns.map((c) => r[c]));
        else {
          chunk += (first ? "\n" : ",\n") + JSON.stringify(r);
          first = false;
        }
      }
      if (next === null) {
        done = true;
        if (q.format === "json") chunk += first ? "]\n" : "\n]\n";
      }
      after = next;
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (done) controller.close();
    },
  });
}

function pages(db: Db, experimentId: string): Record<ExportQuery["what"], Page> {
  return {
    runs: async (after) => {
      const [index, id] = (after ?? [-1, ""]) as [number, string];
      const { rows } = await db.execute<Row>(sql`
        SELECT r.id, r.name, r.index, r.is_baseline, r.status::text AS status, r.hyperparams, r.tags, r.cost, r.created_at, r.finished_at, e.scores
        FROM runs r LEFT JOIN evaluations e ON e.run_id = r.id AND e.status = 'completed'
        WHERE r.experiment_id = ${experimentId} AND (r.index, r.id) > (${index}, ${id})
        ORDER BY r.index, r.id LIMIT ${PAGE}`);
      return {
        rows: rows.map((r) => ({
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
          created_at: iso(r.created_at),
          finished_at: iso(r.finished_at),
        })),
        next: rows.length < PAGE ? null : [rows.at(-1)!.index, rows.at(-1)!.id],
      };
    },
    metrics: async (after) => {
      const [runId, name, step] = (after ?? ["", "", -1]) as [string, string, number];
      // Keyset over run_metrics' primary key (run_id, name, step), restricted to this experiment's runs.
      const { rows } = await db.execute<Row>(sql`
        SELECT m.run_id, m.name, m.step, m.value, m.time FROM run_metrics m
        WHERE m.run_id IN (SELECT id FROM runs WHERE experiment_id = ${experimentId}) AND (m.run_id, m.name, m.step) > (${runId}, ${name}, ${step})
        ORDER BY m.run_id, m.name, m.step LIMIT ${PAGE * 5}`);
      const out = rows.map((r) => ({
        run_id: r.run_id,
        name: r.name,
        step: Number(r.step),
        value: Number(r.value),
        time: iso(r.time),
      }));
      return {
        rows: out,
        next:
          rows.length < PAGE * 5 ? null : [out.at(-1)!.run_id, out.at(-1)!.name, out.at(-1)!.step],
      };
    },
    samples: async (after) => {
      const [runId, idx] = (after ?? ["", -1]) as [string, number];
      const { rows } = await db.execute<Row>(sql`
        SELECT e.run_id, s.idx, s.prompt, s.reference, s.output, s.primary_score, s.scores
        FROM evaluations e JOIN evaluation_samples s ON s.evaluation_id = e.id
        WHERE e.experiment_id = ${experimentId} AND e.status = 'completed' AND (e.run_id, s.idx) > (${runId}, ${idx})
        ORDER BY e.run_id, s.idx LIMIT ${PAGE}`);
      const out = rows.map((r) => ({
        run_id: r.run_id,
        idx: Number(r.idx),
        prompt: r.prompt,
        reference: r.reference,
        output: r.output,
        primary_score: r.primary_score === null ? null : Number(r.primary_score),
        scores: r.scores,
      }));
      return { rows: out, next: rows.length < PAGE ? null : [out.at(-1)!.run_id, out.at(-1)!.idx] };
    },
  };
}
