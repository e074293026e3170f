import { z } from "zod";
import { Offset } from "./bounds";

export const CompareInput = z.object({
  runIds: z.array(z.string().min(1)).min(2).max(20),
  baselineRunId: z.string().min(1),
});
export type CompareInput = z.infer<typeof CompareInput>;

export const CompareOutput = z.object({
  baselineRunId: z.string(),
  primaryMetric: z.string(),
  runs: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      isBaseline: z.boolean(),
      hyperparams: z.record(z.string(), z.unknown()),
      config: z.record(z.string(), z.unknown()),
    }),
  ),
  configDiff: z.array(
    z.object({ key: z.string(), values: z.array(z.unknown()), differs: z.boolean() }),
  ),
  metrics: z.array(
    z.object({
      metric: z.string(),
      perRun: z.array(
        z.object({
          runId: z.string(),
          score: z.number().nullable(),
          ci: z.tuple([z.number(), z.number()]).nullable(),
          /** Paired test against the baseline run on the same items; absent for the baseline itself. */
          pValue: z.number().optional(),
          significant: z.boolean().optional(),
          delta: z.number().optional(),
        }),
      ),
    }),
  ),
});
export type CompareOutput = z.infer<typeof CompareOutput>;

export const SampleFilter = z.enum(["all", "a_better", "b_better", "both_wrong"]);
export const CompareSamplesInput = z.object({
  runIds: z.tuple([z.string().min(1), z.string().min(1)]),
  /** A per-sample score key (accuracy, bleu, chrf, rouge1…); default the experiment's primary metric. */
  metric: z.string().min(1).optional(),
  filter: SampleFilter.default("all"),
  sort: z.enum(["regression", "index"]).default("regression"),
  /** Case-insensitive substring of prompt, reference or either output. */
  search: z.string().max(200).optional(),
  offset: Offset.default(0),
  limit: z.number().int().min(1).max(500).default(50),
});
export type CompareSamplesInput = z.input<typeof CompareSamplesInput>;

export const CompareSampleRow = z.object({
  idx: z.number(),
  prompt: z.string(),
  reference: z.string(),
  outputs: z.array(
    z.object({ runId: z.string(), output: z.string(), score: z.number().nullable() }),
  ),
  /** score(B) - score(A): negative is a regression of B against A. */
  delta: z.number().nullable(),
  review: z.object({ verdict: z.string(), votes: z.number() }).optional(),
});
export type CompareSampleRow = z.infer<typeof CompareSampleRow>;

export const CompareSamplesOutput = z.object({
  metric: z.string(),
  total: z.number(),
  /** Counts over all aligned samples (before filter): a/b better, ties, both wrong. */
  counts: z.object({
    aBetter: z.number(),
    bBetter: z.number(),
    tie: z.number(),
    bothWrong: z.number(),
  }),
  rows: z.array(CompareSampleRow),
});
export type CompareSamplesOutput = z.infer<typeof CompareSamplesOutput>;
