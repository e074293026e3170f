import { z } from "zod";
import { EpochSeconds, IsoTime, Step } from "./bounds";

export const MAX_INGEST_POINTS = 100_000;

export const MetricPoint = z.object({
  name: z.string().min(1).max(200),
  step: Step,
  value: z.number().refine(Number.isFinite, "value must be a finite number"),
  /** Seconds since the epoch (float) or an ISO date, within years 2000–2100; default: now. */
  time: z.union([EpochSeconds, IsoTime]).optional(),
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
