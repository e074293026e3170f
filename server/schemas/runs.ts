import { z } from "zod";

export const RunIdInput = z.object({ runId: z.string().min(1) });

/** How a run whose evaluation failed for good says so in its error; it can be evaluated again. */
export const EVALUATION_FAILED = "evaluation failed: ";
export const evaluationFailed = (run: { status: string; error?: string | null }): boolean =>
  run.status === "failed" && !!run.error?.startsWith(EVALUATION_FAILED);
export type RunIdInput = z.infer<typeof RunIdInput>;

export const ListRunsInput = z.object({
  experimentId: z.string().min(1),
  includeBaseline: z.boolean().default(true),
});
export type ListRunsInput = z.input<typeof ListRunsInput>;

export const RunMetricsInput = z.object({
  runId: z.string().min(1),
  names: z.array(z.string()).optional(),
  /** Points are thinned to about this many per series (every k-th step, last point kept). */
  maxPoints: z.number().int().min(10).max(100_000).default(2000),
});
export type RunMetricsInput = z.input<typeof RunMetricsInput>;

export const RunLogsInput = z.object({
  runId: z.string().min(1),
  limit: z.number().int().min(1).max(5000).default(500),
});
export type RunLogsInput = z.input<typeof RunLogsInput>;

export const RunSamplesInput = z.object({
  runId: z.string().min(1),
  limit: z.number().int().min(1).max(5000).default(500),
});
export type RunSamplesInput = z.input<typeof RunSamplesInput>;
