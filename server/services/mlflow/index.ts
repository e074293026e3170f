export {
  createMlflowExperiment,
  getMlflowExperiment,
  getMlflowExperimentByName,
} from "./experiments";
export { logMlflowBatch } from "./log-batch";
export { getMlflowMetricHistory, getMlflowMetricHistoryBulkInterval } from "./metric-history";
export { createMlflowRun, deleteMlflowRun, getMlflowRun, updateMlflowRun } from "./runs";
export { searchMlflowRuns } from "./search-runs";
