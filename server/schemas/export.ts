import { z } from "zod";

/** GET /api/v1/experiments/{id}/export?what=runs|metrics|samples&format=csv|json */
export const ExportQuery = z.object({
  what: z.enum(["runs", "metrics", "samples"]).default("runs"),
  format: z.enum(["csv", "json"]).default("csv"),
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
