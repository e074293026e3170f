import { and, eq } from "drizzle-orm";
import { experiments } from "@/drizzle/schema";
import { notFound } from "@/server/errors";
import type { ExportInput } from "@/server/schemas/export";
import { type DomainCtx, projectOf } from "@/server/services/datasets/scope";
import { csvRow } from "./csv";
import { EXPORT_COLUMNS, type PageSource, pageSource } from "./export-pages";

/**
 * An experiment's runs, metric points or per-sample results as a CSV (RFC 4180) or JSON-array
 * byte stream. Pages are read by
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
  const source = pageSource(ctx.db, input.what, {
    experimentId: exp.id,
    runIds: null,
    names: null,
  });
  return stream(source, EXPORT_COLUMNS[input.what], input.format);
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
        controller.enqueue(encoder.encode(format === "csv" ? csvRow(columns) : "["));
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
        if (format === "csv") chunk += csvRow(columns.map((c) => r[c]));
        else {
          chunk += (first ? "\n" : ",\n") + JSON.stringify(r);
          first = false;
        }
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}
