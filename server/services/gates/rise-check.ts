import { RETENTION_PERPLEXITY } from "@/core/enums";
import { perplexityRatio } from "@/evals";
import type { EvaluationLikelihood } from "@/server/schemas/evaluations";
import type { GateCheck, GateSpec } from "@/server/schemas/gates";
import { pairs } from "@/server/services/evaluations/score-likelihood";
import type { BaselineInput, RunInput } from "./decide-checks";

const f = (v: number) => v.toFixed(2);
const pct = (ratio: number) => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)}%`;

/** The NLLs a perplexity metric is computed from: the eval split's or the retention set's. */
const nllsOf = (likelihood: EvaluationLikelihood | null | undefined, metric: string) =>
  (metric === RETENTION_PERPLEXITY ? likelihood?.retention : likelihood?.eval) ?? null;

/**
 * A lower-is-better metric's relative check: fails only when the run's perplexity is more than
 * maxRise percent above the baseline's AND the rise is significant at alpha, i.e. the paired
 * bootstrap interval of the ratio (1 − alpha) lies above 1 (evals' perplexityRatio, on the same
 * samples). A large rise inside the noise passes, with a reason that says so, like maxDrop.
 */
export function riseCheck(
  gate: GateSpec & { maxRise: number },
  run: RunInput,
  baseline: BaselineInput,
): GateCheck {
  const value = run.scores[gate.metric]?.score ?? null;
  const base = {
    metric: gate.metric,
    kind: "relative" as const,
    threshold: gate.maxRise,
    value,
    alpha: gate.alpha,
  };
  if (baseline.state === "self")
    return {
      ...base,
      baseline: { runId: baseline.runId, value },
      passed: true,
      reason: "this run is the gate's baseline",
    };
  if (baseline.state !== "ready")
    return {
      ...base,
      ...(baseline.runId ? { baseline: { runId: baseline.runId, value: null } } : {}),
      passed: false,
      ...(baseline.state === "pending"
        ? { pending: true, reason: "waiting for the baseline's evaluation" }
        : { skipped: baseline.state === "failed", reason: baseline.why }),
    };
  const reference = baseline.scores[gate.metric]?.score ?? null;
  const withBaseline = { ...base, baseline: { runId: baseline.runId, value: reference } };
  const [mine, theirs] = [
    nllsOf(run.likelihood, gate.metric),
    nllsOf(baseline.likelihood, gate.metric),
  ];
  if (value === null || reference === null || !mine || !theirs)
    return {
      ...withBaseline,
      passed: false,
      reason: `${gate.metric} was not computed for ${value === null || !mine ? "this run" : "the baseline"}`,
    };
  if (mine.nll.length !== theirs.nll.length)
    return {
      ...withBaseline,
      passed: false,
      reason: `${gate.metric}: the runs were scored on different samples (${theirs.nll.length} vs ${mine.nll.length})`,
    };
  const ratio = perplexityRatio(pairs(theirs), pairs(mine), { alpha: gate.alpha });
  const change = `${gate.metric} ${f(reference)} → ${f(value)} vs baseline (${pct(ratio.score)}, CI ${pct(ratio.ci[0])} to ${pct(ratio.ci[1])})`;
  const limit = 1 + gate.maxRise / 100;
  if (ratio.score <= limit)
    return { ...withBaseline, passed: true, reason: `${change}, within maxRise ${gate.maxRise}%` };
  const significant = ratio.ci[0] > 1;
  return {
    ...withBaseline,
    passed: !significant,
    reason: significant
      ? `${change}: rises more than maxRise ${gate.maxRise}% and significantly (the ${Math.round((1 - gate.alpha) * 100)}% interval is above 0%)`
      : `${change}: rises more than maxRise ${gate.maxRise}% but not significantly (the interval includes 0%), so it passes`,
  };
}
