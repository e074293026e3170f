import type { SeriesX } from "@/server/schemas/series";

export type RunX = {
  step: number | null;
  epoch: number | null;
  tokens_seen: number | string | null;
  total_steps: number | null;
  epochs: unknown;
};

/**
 * Maps a metric point to the chosen x. Metric points carry only step and time, so epoch and
 * tokens are the run's own ratios (epoch / step, tokens seen / step, from its latest progress
 * report; else epochs / total steps from the spec) applied to the step: exact for constant-size
 * steps, which is how the trainers step. Without a ratio, x falls back to the step.
 */
export function xMapper(x: SeriesX, run: RunX): (p: { step: number; time: number }) => number {
  const step = Number(run.step ?? 0);
  if (x === "time") return (p) => p.time;
  if (x === "epoch") {
    const perStep =
      run.epoch !== null && step > 0
        ? Number(run.epoch) / step
        : typeof run.epochs === "number" && run.total_steps
          ? run.epochs / run.total_steps
          : null;
    return perStep === null ? (p) => p.step : (p) => p.step * perStep;
  }
  if (x === "tokens") {
    const perStep = run.tokens_seen !== null && step > 0 ? Number(run.tokens_seen) / step : null;
    return perStep === null ? (p) => p.step : (p) => p.step * perStep;
  }
  return (p) => p.step;
}
