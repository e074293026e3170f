import { and, eq, sql } from "drizzle-orm";
import { experiments } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { badRequest, notFound } from "@/server/errors";
import type { ExportInput } from "@/server/schemas/export";
import { textArray } from "@/server/services/ingest/pg-array";
import { spreadsheetRow } from "./csv";
import { EXPORT_COLUMNS, type PageSource, pageSource } from "./export-pages";

/**
 * An experiment's runs, metric points or per-sample results as a CSV (RFC 4180, formulas defused:
 * ./csv.ts) or JSON-array
 * byte stream, optionally only some runs (and, for metrics, some metric names). Pages are read by
 * index range scans (export-pages.ts) only when the consumer pulls, so memory stays at one page
 * whatever the experiment's size, a slow client slows the reads, and a page costs what it holds
 * whatever else the database stores.
 */
export async function exportExperiment({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: ExportInput;
}): Promise<ReadableStream<Uint8Array>> {
  const projectId = projectOf(ctx);
  const [exp] = await ctx.db
    .select({ id: experiments.id })
    .from(experiments)
    .where(and(eq(experiments.id, input.experimentId), eq(experiments.projectId, projectId)));
  if (!exp) throw notFound("Experiment");
  if (input.metric && input.what !== "metrics")
    throw badRequest("metric= filters the metric points export only (what=metrics)");
  const runIds = input.run ? await runsOfExperiment(ctx, exp.id, input.run) : null;
  const source = pageSource(ctx.db, input.what, {
    experimentId: exp.id,
    runIds,
    names: input.metric ? [...new Set(input.metric)] : null,
  });
  return stream(source, EXPORT_COLUMNS[input.what], input.format);
}

/** The given run ids, each checked to belong to the experiment. */
async function runsOfExperiment(
  ctx: DomainCtx,
  experimentId: string,
  ids: string[],
): Promise<string[]> {
  const wanted = [...new Set(ids)];
  const { rows } = await ctx.db.execute<{ id: string }>(sql`
    SELECT id FROM runs WHERE experiment_id = ${experimentId} AND id = ANY(${textArray(wanted)})`);
  const found = new Set(rows.map((r) => r.id));
  const missing = wanted.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound(`Run ${missing} in experiment ${experimentId}`);
  return wanted;
}

function stream(
  source: PageSource,
  columns: readonly string[],
  format: ExportInput["format"],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false,
    first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(format === "csv" ? spreadsheetRow(columns) : "["));
        return;
      }
      const rows = await source();
      if (rows === null) {
        if (format === "json") controller.enqueue(encoder.encode(first ? "]\n" : "\n]\n"));
        controller.close();
        return;
      }
      let chunk = "";
      for (const r of rows) {
        if (format === "csv") chunk += spreadsheetRow(columns.map((c) => r[c]));
        else {
          chunk += (first ? "\n" : ",\n") + JSON.stringify(r);
          first = false;
        }
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}
