import { z } from "zod";
import { Offset } from "./bounds";

/**
 * Column keys of the runs table: "param.<hyperparameter>", "metric.<eval metric or metric name>"
 * (e.g. "metric.chrf", "metric.train/loss"), "tag", "status", and "meta.<field>" (name, index,
 * createdAt, finishedAt, cost, peakMem).
 */
export const ColumnKey = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^(param\.[^\s]+|metric\.[^\s]+|tag|status|meta\.(name|index|createdAt|finishedAt|cost|peakMem))$/,
    'a column key is "param.<name>", "metric.<name>", "tag", "status" or "meta.<name|index|createdAt|finishedAt|cost|peakMem>"',
  );

export const FilterOp = z.enum(["eq", "neq", "lt", "gt", "contains", "in"]);

export const RunsTableFilter = z.object({ key: ColumnKey, op: FilterOp, value: z.unknown() });
export type RunsTableFilter = z.infer<typeof RunsTableFilter>;

export const RunsTableInput = z.object({
  /** Omitted: every run of the project (newest first unless sorted). */
  experimentId: z.string().min(1).optional(),
  sort: z.object({ key: ColumnKey, dir: z.enum(["asc", "desc"]) }).optional(),
  filters: z.array(RunsTableFilter).max(20).optional(),
  groupBy: ColumnKey.optional(),
  offset: Offset.default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type RunsTableInput = z.input<typeof RunsTableInput>;

/**
 * GET /api/v1/runs: the runs table's input as query parameters. `filters` is the same list of
 * { key, op, value } as tRPC's runs.table, as JSON text; `sort` and `dir` its sort.
 */
export const RunsQuery = z.object({
  experimentId: z
    .string()
    .min(1)
    .optional()
    .describe("Only this experiment's runs (grid order); omitted: every run of the project"),
  sort: ColumnKey.optional().describe('A column key, e.g. "metric.chrf" or "param.learningRate"'),
  dir: z.enum(["asc", "desc"]).default("asc"),
  filters: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: "custom", input: text, message: "filters must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(z.array(RunsTableFilter).max(20))
    .optional()
    .describe(
      'JSON: [{"key":"param.loraRank","op":"eq","value":8}, …]; ops eq, neq, lt, gt, contains, in',
    ),
  groupBy: ColumnKey.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type RunsQuery = z.infer<typeof RunsQuery>;

/** The runs.table input a RunsQuery asks for. */
export const runsTableInput = ({ sort, dir, ...rest }: RunsQuery): RunsTableInput => ({
  ...rest,
  ...(sort ? { sort: { key: sort, dir } } : {}),
});

export const CostParts = z.object({
  training: z.number().nullable(),
  evaluation: z.number().nullable(),
  judge: z.number().nullable(),
});
/** One cost figure per run, in US dollars; null parts are unknown (not zero). */
export const RunCost = z.object({ usd: z.number().nullable(), parts: CostParts });
export type RunCost = z.infer<typeof RunCost>;

export const RunsTableColumn = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(["param", "metric", "tag", "status", "meta"]),
  /** False when every run (of the filtered set) has the same value: hidden in "diff only". */
  varies: z.boolean(),
});
export type RunsTableColumn = z.infer<typeof RunsTableColumn>;

export const RunsTableRow = z.object({
  id: z.string(),
  experimentId: z.string(),
  experimentName: z.string(),
  name: z.string(),
  status: z.string(),
  index: z.number(),
  isBaseline: z.boolean(),
  hyperparams: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number().nullable()),
  tags: z.array(z.string()),
  cost: RunCost.nullable(),
  /** Peak training memory in bytes (runs.peak_mem_bytes); null where not reported. */
  peakMemBytes: z.number().nullable(),
  promotedStep: z.number().nullable(),
  /** Failed in evaluation, not training: the evaluation can be retried (runs.evaluate). */
  evaluationFailed: z.boolean(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type RunsTableRow = z.infer<typeof RunsTableRow>;

export const RunsTableOutput = z.object({
  total: z.number(),
  rows: z.array(RunsTableRow),
  groups: z.array(z.object({ key: z.string(), value: z.unknown(), count: z.number() })).optional(),
  columns: z.array(RunsTableColumn),
});
export type RunsTableOutput = z.infer<typeof RunsTableOutput>;

export const Tag = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^,\s][^,]*$/, "a tag has no commas and does not start with a space");
export const SetTagsInput = z.object({ runId: z.string().min(1), tags: z.array(Tag).max(50) });
export type SetTagsInput = z.infer<typeof SetTagsInput>;

// Preferences: per user and project; the value is the client's (bounded) JSON.
export const PreferenceKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.:\-/]+$/, "a preference key uses letters, digits and . : - / _");
export const GetPreferenceInput = z.object({ key: PreferenceKey });
export const SetPreferenceInput = z.object({
  key: PreferenceKey,
  value: z
    .unknown()
    .refine(
      (v) => v !== undefined && JSON.stringify(v).length <= 64_000,
      "a preference value is JSON of at most 64,000 characters",
    ),
});
export type SetPreferenceInput = z.infer<typeof SetPreferenceInput>;
