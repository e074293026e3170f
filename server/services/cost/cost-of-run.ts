import type { RunCost } from "@/server/schemas/runs-table";

/** USD per GPU-hour for local training when TUNEBENCH_GPU_HOUR_USD is unset (about an on-demand
 *  24 GB cloud GPU, e.g. an L4/A10G hour, 2026). */
export const DEFAULT_GPU_HOUR_USD = 1.0;

export function gpuHourUsd(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TUNEBENCH_GPU_HOUR_USD;
  if (raw === undefined || raw.trim() === "") return DEFAULT_GPU_HOUR_USD;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0)
    throw new Error(
      `TUNEBENCH_GPU_HOUR_USD must be a non-negative number of US dollars, got "${raw}"`,
    );
  return v;
}

export type CostFacts = {
  backend: string;
  device: string | null;
  isBaseline: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The backend's own figure (SageMaker billable seconds × instance price, OpenAI trained tokens × price), from its "cost/usd" metric. */
  reportedTrainingUsd: number | null;
  evaluationUsd: number | null;
  judgeUsd: number | null;
};

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * One cost figure per run. Training: what the backend reported, else for local runs the wall
 * clock between start and finish × the GPU-hour rate (a CPU run costs no GPU time: 0); the
 * baseline trains nothing (0). Evaluation and judge: recorded token spend. `usd` sums the known
 * parts and is null only when no part is known; an unknown part stays null rather than 0.
 */
export function costOfRun(f: CostFacts, rate: number): RunCost {
  let training: number | null = null;
  if (f.isBaseline) training = 0;
  else if (f.reportedTrainingUsd !== null) training = f.reportedTrainingUsd;
  else if (f.backend === "local" && f.device === "cpu") training = 0;
  else if (f.backend === "local" && f.startedAt && f.finishedAt)
    training = (Math.max(0, f.finishedAt.getTime() - f.startedAt.getTime()) / 3_600_000) * rate;
  const parts = {
    training: training === null ? null : round(training),
    evaluation: f.evaluationUsd === null ? null : round(f.evaluationUsd),
    judge: f.judgeUsd === null ? null : round(f.judgeUsd),
  };
  const known = Object.values(parts).filter((v): v is number => v !== null);
  return { usd: known.length ? round(known.reduce((a, b) => a + b, 0)) : null, parts };
}
