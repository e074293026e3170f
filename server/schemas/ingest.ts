import { z } from "zod";
import { EpochSeconds, IsoTime, Step } from "./bounds";

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

/** A column of numbers whose every entry is `entry`. The entries are checked in one pass
 *  (checkColumn) rather than by a schema each, which costs ~6× as much on 10,000-entry columns;
 *  the document still shows `entry` as the items. */
const columnOf = (entry: z.ZodNumber) => {
  const { $schema: _ignored, ...items } = z.toJSONSchema(entry);
  return z.array(z.number()).meta({ items });
};

/** One series in columns: `values[i]` (and `times[i]`) at `steps[i]`. The same points as
 *  `points`, for big batches: arrays of numbers parse and validate several times faster than an
 *  object per point (bench/ingest). */
export const MetricSeries = z
  .object({
    name: MetricName,
    steps: columnOf(Step).min(1),
    values: z.array(z.number()),
    /** Seconds since the epoch, within years 2000–2100; default: now. */
    times: columnOf(EpochSeconds).optional(),
  })
  .superRefine((s, ctx) => {
    checkColumn(ctx, "steps", s.steps, Step);
    if (s.times) checkColumn(ctx, "times", s.times, EpochSeconds);
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

/** Entries within `entry`'s bounds pass at the cost of two comparisons; the rest are checked and
 *  worded by `entry` itself, so a column's errors read as the per-point shape's do. */
function checkColumn(ctx: z.RefinementCtx, key: string, xs: number[], entry: z.ZodNumber) {
  const lo = entry.minValue ?? -Infinity;
  const hi = entry.maxValue ?? Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x >= lo && x <= hi && (!entry.isInt || Number.isInteger(x))) continue;
    for (const issue of entry.safeParse(x).error?.issues ?? [])
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
