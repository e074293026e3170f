export { exportExperiment, EXPORT_COLUMNS } from "./export-experiment";
export { csvField, csvRow, parseCsv } from "./csv";
