export { csvRow, parseCsv, spreadsheetCell, spreadsheetRow } from "./csv";
export { EXPORT_COLUMNS, exportExperiment } from "./export-experiment";
