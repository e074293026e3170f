import { z } from "zod";

export const MAX_INGEST_POINTS = 100_000;

export const MetricPoint = z.object({
  // PostgreSQL text cannot hold NUL; say so here rather than fail in the database.
  name: z
    .string()
    .min(1)
    .max(200)
    .refine((n) => !n.includes("\u0000"), "a metric name cannot contain the NUL character"),
  step: z.number().int().min(0).max(2_147_483_647),
  value: z.number().refine(Number.isFinite, "value must be a finite number"),
  /** Seconds since the epoch (float) or an ISO date; default: the time of the request. */
  time: z.union([z.number().positive(), z.iso.datetime({ offset: true })]).optional(),
});
export type MetricPoint = z.infer<typeof MetricPoint>;

/** POST /api/v1/runs/{id}/metrics: idempotent by (run, name, step); a repeated point is ignored. */
export const IngestMetricsRequest = z.object({
  points: z.array(MetricPoint).min(1).max(MAX_INGEST_POINTS),
});
export type IngestMetricsRequest = z.infer<typeof IngestMetricsRequest>;

/** What the ingestion service takes: a run in the caller's project and its validated points. */
export const IngestMetricsInput = IngestMetricsRequest.extend({ runId: z.string().min(1) });
export type IngestMetricsInput = z.infer<typeof IngestMetricsInput>;

export const IngestMetricsResponse = z.object({
  runId: z.string(),
  received: z.number().int(),
  /** New points stored; received - inserted were already there. */
  inserted: z.number().int(),
});
export type IngestMetricsResponse = z.infer<typeof IngestMetricsResponse>;
