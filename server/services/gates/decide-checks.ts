import type { EvaluationLikelihood } from "@/server/schemas/evaluations";
import type { SuiteMetric } from "@/server/schemas/experiments";
import type { GateCheck, GateSpec, GateVerdictValue } from "@/server/schemas/gates";
import { type Evaluated, pValueComparer } from "@/server/services/leaderboard/compare-runs";

/** One evaluation's outputs and per-sample scores ({ accuracy: 0|100, bleu, chrf, rouge… }), in item order. */
export type Samples = {
  evaluationId: string;
  runId: string;
  outputs: string[];
  perMetric: Record<string, number>[];
};

/** What a relative check compares against, as evaluate-gates resolved it. */
export type BaselineInput =
  | {
      state: "ready";
      runId: string;
      scores: Record<string, { score: number }>;
      samples: Samples;
      likelihood: EvaluationLikelihood | null;
    }
  | { state: "pending"; runId: string }
  | { state: "self"; runId: string }
  /** The baseline failed or was cancelled: it will never be evaluated, so the check is skipped. */
  | { state: "failed"; runId: string; why: string }
  | { state: "missing"; runId: string | null; why: string };

export type RunInput = {
  scores: Record<string, { score: number }>;
  samples: Samples;
  /** Each item's references (sampleReferences). */
  references: string[][];
  likelihood: EvaluationLikelihood | null;
};

const evaluated = (s: Samples, metric: string): Evaluated => ({
  outputs: s.outputs,
  // A metric missing on a sample (a judge without a verdict) leaves it out of the paired test.
  sampleScores: s.perMetric.map((x) => x[metric] ?? Number.NaN),
});

const f = (v: number) => v.toFixed(2);
const p = (v: number) => (v < 0.001 ? v.toExponential(1) : v.toFixed(3));

export function absoluteCheck(gate: GateSpec & { min: number }, run: RunInput): GateCheck {
  const value = run.scores[gate.metric]?.score ?? null;
  const base = { metric: gate.metric, kind: "absolute" as const, threshold: gate.min, value };
  if (value === null)
    return { ...base, passed: false, reason: `${gate.metric} was not computed for this run` };
  const passed = value >= gate.min;
  return {
    ...base,
    passed,
    reason: `${gate.metric} ${f(value)} ${passed ? "≥" : "<"} min ${f(gate.min)}`,
  };
}

/**
 * Fails only when the run is more than maxDrop below the baseline AND the paired test on the same
 * eval items says the difference is significant at alpha: a drop inside the noise is not a
 * regression. The reason states which of the two conditions held.
 */
export function relativeCheck(
  gate: GateSpec & { maxDrop: number },
  run: RunInput,
  baseline: BaselineInput,
): GateCheck {
  const value = run.scores[gate.metric]?.score ?? null;
  const base = {
    metric: gate.metric,
    kind: "relative" as const,
    threshold: gate.maxDrop,
    value,
    alpha: gate.alpha,
  };
  switch (baseline.state) {
    case "self":
      return {
        ...base,
        baseline: { runId: baseline.runId, value },
        passed: true,
        reason: "this run is the gate's baseline",
      };
    case "pending":
      return {
        ...base,
        baseline: { runId: baseline.runId, value: null },
        passed: false,
        pending: true,
        reason: "waiting for the baseline's evaluation",
      };
    case "failed":
      return {
        ...base,
        baseline: { runId: baseline.runId, value: null },
        passed: false,
        skipped: true,
        reason: baseline.why,
      };
    case "missing":
      return {
        ...base,
        ...(baseline.runId ? { baseline: { runId: baseline.runId, value: null } } : {}),
        passed: false,
        reason: baseline.why,
      };
  }
  const reference = baseline.scores[gate.metric]?.score ?? null;
  const withBaseline = { ...base, baseline: { runId: baseline.runId, value: reference } };
  if (value === null || reference === null)
    return {
      ...withBaseline,
      passed: false,
      reason: `${gate.metric} was not computed for ${value === null ? "this run" : "the baseline"}`,
    };
  const drop = reference - value;
  const change = `${gate.metric} ${f(reference)} → ${f(value)} vs baseline`;
  if (drop <= gate.maxDrop) {
    return {
      ...withBaseline,
      passed: true,
      reason: `${change} (${drop > 0 ? `drop ${f(drop)}` : `+${f(-drop)}`}), within maxDrop ${f(gate.maxDrop)}`,
    };
  }
  if (baseline.samples.outputs.length !== run.samples.outputs.length) {
    return {
      ...withBaseline,
      passed: false,
      reason: `${change}: drop ${f(drop)} > maxDrop ${f(gate.maxDrop)}, and the runs were scored on different items (${baseline.samples.outputs.length} vs ${run.samples.outputs.length}), so no paired test`,
    };
  }
  // The leaderboard's comparer (same test, same seed): the p-value it memoises by evaluation pair
  // serves the leaderboard's "vs baseline" column afterwards without a second bootstrap.
  const byEvaluation = new Map(
    [baseline.samples, run.samples].map((s) => [s.evaluationId, evaluated(s, gate.metric)]),
  );
  const pValue = pValueComparer(
    // GateSpec allows maxDrop only on the suite's higher-is-better metrics, never retention's
    gate.metric as SuiteMetric,
    byEvaluation,
    run.references,
  )(baseline.samples.evaluationId, run.samples.evaluationId);
  const significant = pValue < gate.alpha;
  return {
    ...withBaseline,
    pValue,
    passed: !significant,
    reason: significant
      ? `${change}: drop ${f(drop)} > maxDrop ${f(gate.maxDrop)} and significant (p = ${p(pValue)} < α ${gate.alpha})`
      : `${change}: drop ${f(drop)} > maxDrop ${f(gate.maxDrop)} but not significant (p = ${p(pValue)} ≥ α ${gate.alpha}), so it passes`,
  };
}

/**
 * A check that failed decides the verdict; then one still waiting. A check skipped because its
 * baseline failed makes the verdict "none" rather than "passed" (the comparison never happened)
 * or "failed" (the candidate did nothing wrong): the run has no verdict, and says why.
 */
export function verdictOf(gates: GateSpec[], checks: GateCheck[]): GateVerdictValue {
  if (gates.length === 0) return "none";
  if (checks.some((c) => !c.passed && !c.pending && !c.skipped)) return "failed";
  if (checks.some((c) => c.pending)) return "pending";
  if (checks.some((c) => c.skipped)) return "none";
  return "passed";
}
