export { afterMetricsStored } from "./after-metrics";
export { ingestMetrics } from "./ingest-metrics";
