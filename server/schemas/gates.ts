import { z } from "zod";
import { GATE_VERDICTS, lowerIsBetter, RETENTION_PERPLEXITY } from "../../core/enums";
import { SuiteMetric } from "./rules";

/** What a gate can check: a metric of the suite, or the retention set's perplexity. */
export const GateMetric = z.union([SuiteMetric, z.literal(RETENTION_PERPLEXITY)], {
  error: `a gate's metric is one the suite computes, or ${RETENTION_PERPLEXITY}`,
});

const percent = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .gt(0, `${what} must be above 0 (a percentage)`)
    .max(1000, `${what} must be at most 1000 (a percentage)`);

/**
 * A regression gate on one metric of the suite (a built-in one or "rule:<name>"; 0–100 scale, as the leaderboard shows it). `min` is absolute:
 * the run's corpus score must be at least `min`. `maxDrop` is relative to a baseline: the run fails
 * only when it scores more than `maxDrop` below the baseline AND the paired test says the drop is
 * significant at `alpha`; a large but noisy drop passes (with a reason that says so).
 * Lower-is-better metrics (perplexity, retention:perplexity) take `maxRise` instead: the run fails
 * when its perplexity is more than `maxRise` percent above the baseline's AND the rise is
 * significant at `alpha` (the paired bootstrap CI of the ratio lies above 1).
 */
export const GateSpec = z
  .object({
    metric: GateMetric,
    min: z
      .number({ error: "min must be a number" })
      .min(0, "min must be between 0 and 100")
      .max(100, "min must be between 0 and 100")
      .optional(),
    maxDrop: z
      .number({ error: "maxDrop must be a number" })
      .min(0, "maxDrop must be between 0 and 100")
      .max(100, "maxDrop must be between 0 and 100")
      .optional(),
    maxRise: percent("maxRise").optional(),
    /** "baseline": the experiment's base-model row; otherwise the id of another run of the experiment. */
    baseline: z.string().min(1).default("baseline"),
    alpha: z
      .number()
      .gt(0, "alpha must be between 0 and 1")
      .lt(1, "alpha must be between 0 and 1")
      .default(0.05),
  })
  .superRefine((g, ctx) => {
    const issue = (message: string, field: string) =>
      ctx.addIssue({ code: "custom", message, path: [field] });
    if (lowerIsBetter(g.metric)) {
      for (const field of ["min", "maxDrop"] as const)
        if (g[field] !== undefined)
          issue(
            `${g.metric} is lower-is-better: ${field} does not apply; use maxRise (percent above the baseline)`,
            field,
          );
      if (g.maxRise === undefined) issue(`A gate on ${g.metric} needs maxRise`, "maxRise");
    } else {
      if (g.maxRise !== undefined)
        issue(
          `maxRise applies to lower-is-better metrics (perplexity); ${g.metric} takes min or maxDrop`,
          "maxRise",
        );
      if (g.min === undefined && g.maxDrop === undefined)
        issue("A gate needs min (absolute) or maxDrop (relative to a baseline), or both", "min");
    }
  });
export type GateSpec = z.infer<typeof GateSpec>;

export const GateVerdictValue = z.enum(GATE_VERDICTS);
export type GateVerdictValue = z.infer<typeof GateVerdictValue>;

export const GateCheck = z.object({
  metric: z.string(),
  kind: z.enum(["absolute", "relative"]),
  /** min for absolute checks, maxDrop (or maxRise, a percentage) for relative ones. */
  threshold: z.number(),
  /** The run's corpus score on the metric (null when it has none). */
  value: z.number().nullable(),
  /** Relative checks: the baseline run and its score. */
  baseline: z.object({ runId: z.string(), value: z.number().nullable() }).optional(),
  pValue: z.number().optional(),
  alpha: z.number().optional(),
  passed: z.boolean(),
  /** True while the baseline has no evaluation yet; the check is decided when it has one. */
  pending: z.boolean().optional(),
  /** True when the baseline failed or was cancelled, so there was nothing to compare with: the
   *  check counts neither way, and is decided again if the baseline's evaluation is retried. */
  skipped: z.boolean().optional(),
  reason: z.string(),
});
export type GateCheck = z.infer<typeof GateCheck>;

export const RunGateVerdict = z.object({
  runId: z.string(),
  runName: z.string(),
  isBaseline: z.boolean(),
  runStatus: z.string(),
  /** "none": the suite declares no gates, the run is the baseline row (the reference, not a
   *  candidate), it never got an evaluation (training failed or was cancelled), or its gate's
   *  baseline failed (baselineFailed); "pending": not decided yet (not evaluated yet, or its
   *  baseline is not). */
  verdict: GateVerdictValue,
  /** "none (baseline failed)": a relative check was skipped because its baseline run failed. */
  baselineFailed: z.boolean(),
  checks: z.array(GateCheck),
  decidedAt: z.string().nullable(),
});
export type RunGateVerdict = z.infer<typeof RunGateVerdict>;

export const ListGateVerdictsInput = z.object({
  experimentId: z.string().min(1),
  runId: z.string().min(1).optional(),
});
export type ListGateVerdictsInput = z.infer<typeof ListGateVerdictsInput>;
export const GateVerdictList = z.object({
  experimentId: z.string(),
  gates: z.array(GateSpec),
  verdicts: z.array(RunGateVerdict),
});
export type GateVerdictList = z.infer<typeof GateVerdictList>;
