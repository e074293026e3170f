import { sql } from "drizzle-orm";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { notFound } from "@/server/errors";
import {
  type IngestMetricsInput,
  type IngestMetricsResponse,
  ingestCount,
} from "@/server/schemas/ingest";
import { type StoredPoint, storePoints } from "@/server/services/metric-store";
import { afterMetricsStored } from "./after-metrics";

/**
 * Stores a batch of metric points of a run in the caller's project, idempotent by
 * (run, name, step): a point already stored (a retried request) is ignored, and a point repeated
 * within the batch counts once (the first wins). Points are merged into the run's 1,000-step
 * chunks (server/services/metric-store) in one transaction under the run's row lock, so
 * concurrent batches of one run take turns and a failed batch writes nothing.
 *
 * The input is trusted to be validated (IngestMetricsInput): every route that ingests points
 * parses its body first, and a batch of 100,000 points is not parsed twice.
 */
export async function ingestMetrics({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: IngestMetricsInput;
}): Promise<IngestMetricsResponse> {
  const projectId = projectOf(ctx);
  const points = storedPointsOf(input, Date.now());
  return withTransaction(ctx.db, async (tx) => {
    const { rows } = await tx.execute<{ id: string }>(sql`
      SELECT id FROM runs WHERE id = ${input.runId} AND project_id = ${projectId} FOR NO KEY UPDATE`);
    if (!rows[0]) throw notFound("Run");
    const stored = await storePoints(tx, input.runId, points);
    await afterMetricsStored(tx, input.runId, stored.changed);
    return { runId: input.runId, received: ingestCount(input), inserted: stored.inserted };
  });
}

/** The request's points as stored (time in ms; `now` where none was given), `points` first. */
function storedPointsOf(input: IngestMetricsInput, now: number): StoredPoint[] {
  const out: StoredPoint[] = (input.points ?? []).map((p) => ({
    name: p.name,
    step: p.step,
    value: p.value,
    time:
      p.time === undefined ? now : typeof p.time === "number" ? p.time * 1000 : Date.parse(p.time),
  }));
  for (const { name, steps, values, times } of input.series ?? [])
    for (let i = 0; i < steps.length; i++)
      out.push({ name, step: steps[i]!, value: values[i]!, time: times ? times[i]! * 1000 : now });
  return out;
}
