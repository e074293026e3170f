import { z } from "zod";
import { EARLIEST_TIME_S, EpochSeconds, INT4_MAX, IsoTime, LATEST_TIME_S, Step } from "./bounds";

export const MAX_INGEST_POINTS = 100_000;

const MetricName = z.string().min(1).max(200);

// z.number() refuses NaN and ±Infinity (JSON's 1e999) itself.
export const MetricPoint = z.object({
  name: MetricName,
  step: Step,
  value: z.number(),
  /** Seconds since the epoch (float) or an ISO date, within years 2000–2100; default: now. */
  time: z.union([EpochSeconds, IsoTime]).optional(),
});
export type MetricPoint = z.infer<typeof MetricPoint>;

const Column = z.array(z.number());

/** One series in columns: `values[i]` (and `times[i]`) at `steps[i]`. The same points as
 *  `points`, for big batches: arrays of numbers parse and validate several times faster than an
 *  object per point (bench/ingest). Steps and times are checked in one pass below rather than by
 *  a schema per entry, which costs ~6× as much on 10,000-entry columns; the document still shows
 *  each entry's bounds. */
export const MetricSeries = z
  .object({
    name: MetricName,
    steps: Column.min(1).meta({ items: { type: "integer", minimum: 0, maximum: INT4_MAX } }),
    values: Column,
    /** Seconds since the epoch, within years 2000–2100; default: now. */
    times: Column.optional().meta({
      items: { type: "number", minimum: EARLIEST_TIME_S, maximum: LATEST_TIME_S },
    }),
  })
  .superRefine((s, ctx) => {
    checkColumn(ctx, "steps", s.steps, Step, (x) => Number.isInteger(x) && x >= 0 && x <= INT4_MAX);
    if (s.times)
      checkColumn(
        ctx,
        "times",
        s.times,
        EpochSeconds,
        (x) => x >= EARLIEST_TIME_S && x <= LATEST_TIME_S,
      );
    for (const key of ["values", "times"] as const) {
      const n = s[key]?.length;
      if (n !== undefined && n !== s.steps.length)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `has ${n} entries for ${s.steps.length} steps`,
        });
    }
  });

/** `fits` passes the entries that obviously satisfy `entry`; the rest are checked and worded by
 *  `entry` itself, so a column's errors read as the per-point shape's do. */
function checkColumn(
  ctx: z.RefinementCtx,
  key: string,
  xs: number[],
  entry: z.ZodType<number>,
  fits: (x: number) => boolean,
) {
  for (let i = 0; i < xs.length; i++) {
    if (fits(xs[i]!)) continue;
    const r = entry.safeParse(xs[i]);
    for (const issue of r.error?.issues ?? [])
      ctx.addIssue({ code: "custom", path: [key, i], message: issue.message });
  }
}
export type MetricSeries = z.infer<typeof MetricSeries>;

/** POST /api/v1/runs/{id}/metrics: idempotent by (run, name, step); a repeated point is ignored.
 *  Points come as `points`, `series` or both (`points` first), at most MAX_INGEST_POINTS in all. */
export const IngestMetricsRequest = z
  .object({
    points: z.array(MetricPoint).min(1).max(MAX_INGEST_POINTS).optional(),
    series: z.array(MetricSeries).min(1).max(MAX_INGEST_POINTS).optional(),
  })
  .superRefine((r, ctx) => {
    if (!r.points && !r.series)
      ctx.addIssue({ code: "custom", path: ["points"], message: "give points or series" });
    const total = ingestCount(r);
    if (total > MAX_INGEST_POINTS)
      ctx.addIssue({
        code: "custom",
        path: [],
        message: `${total.toLocaleString("en-US")} points; at most ${MAX_INGEST_POINTS.toLocaleString("en-US")} per request`,
      });
  });
export type IngestMetricsRequest = z.infer<typeof IngestMetricsRequest>;

/** How many points a request holds, in both shapes. */
export const ingestCount = (r: IngestMetricsRequest): number =>
  (r.points?.length ?? 0) + (r.series ?? []).reduce((n, s) => n + s.steps.length, 0);

/** What the ingestion service takes: a run in the caller's project and its validated points. */
export type IngestMetricsInput = IngestMetricsRequest & { runId: string };

export const IngestMetricsResponse = z.object({
  runId: z.string(),
  received: z.number().int(),
  /** New points stored; received - inserted were already there. */
  inserted: z.number().int(),
});
export type IngestMetricsResponse = z.infer<typeof IngestMetricsResponse>;
