export { csvField, csvRow, parseCsv } from "./csv";
export { EXPORT_COLUMNS, exportExperiment } from "./export-experiment";
