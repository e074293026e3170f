export { ingestMetrics } from "./ingest-metrics";
export { afterMetricsStored } from "./after-metrics";
