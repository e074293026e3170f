export { csvField, csvRow, parseCsv, spreadsheetCell, spreadsheetRow } from "./csv";
export { exportExperiment } from "./export-experiment";
export { chunkKeysSql, chunkPageSql, EXPORT_COLUMNS } from "./export-pages";
