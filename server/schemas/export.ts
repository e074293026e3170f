import { z } from "zod";

/** Most runs and metric names one export can be filtered to. */
export const MAX_EXPORT_RUNS = 1000;
export const MAX_EXPORT_METRICS = 100;

/** A query parameter given once or repeated (`?run=a&run=b`), as a list. */
const repeated = (item: z.ZodString, max: number) =>
  z
    .union([item, z.array(item)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(item).max(max))
    .optional();

/** GET /api/v1/experiments/{id}/export?what=runs|metrics|samples&format=csv|json[&run=…][&metric=…] */
export const ExportQuery = z.object({
  what: z.enum(["runs", "metrics", "samples"]).default("runs"),
  format: z.enum(["csv", "json"]).default("csv"),
  run: repeated(z.string().min(1), MAX_EXPORT_RUNS).describe(
    `Only these runs (repeat the parameter, up to ${MAX_EXPORT_RUNS}); each must belong to the experiment`,
  ),
  metric: repeated(z.string().min(1).max(200), MAX_EXPORT_METRICS).describe(
    `Only these metric names (what=metrics; repeat the parameter, up to ${MAX_EXPORT_METRICS})`,
  ),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

/** What the export service takes: the experiment and a validated query. */
export type ExportInput = ExportQuery & { experimentId: string };

/** Row shapes of the export (JSON: an array of these; CSV: these columns, objects as JSON text). */
export const ExportRunRow = z.object({
  id: z.string(),
  name: z.string(),
  index: z.number(),
  is_baseline: z.boolean(),
  status: z.string(),
  hyperparams: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  scores: z.record(z.string(), z.number().nullable()),
  cost_usd: z.number().nullable(),
  /** Peak training memory on any device, in bytes; null where the backend does not report it. */
  peak_mem_bytes: z.number().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export const ExportMetricRow = z.object({
  run_id: z.string(),
  name: z.string(),
  step: z.number(),
  value: z.number(),
  time: z.string(),
});
export const ExportSampleRow = z.object({
  run_id: z.string(),
  idx: z.number(),
  prompt: z.string(),
  reference: z.string(),
  output: z.string(),
  primary_score: z.number().nullable(),
  scores: z.record(z.string(), z.number()),
});
export const ExportRow = {
  runs: ExportRunRow,
  metrics: ExportMetricRow,
  samples: ExportSampleRow,
} as const;
