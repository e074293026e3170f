export { csvField, csvRow, parseCsv } from "./csv";
export { exportExperiment } from "./export-experiment";
export { chunkKeysSql, chunkPageSql, EXPORT_COLUMNS } from "./export-pages";
