export { type CostFacts, costOfRun, DEFAULT_GPU_HOUR_USD, gpuHourUsd } from "./cost-of-run";
export { recordEvaluationUsage, refreshRunCosts } from "./refresh-costs";
