export { costOfRun, gpuHourUsd, DEFAULT_GPU_HOUR_USD, type CostFacts } from "./cost-of-run";
export { refreshRunCosts, recordEvaluationUsage } from "./refresh-costs";
