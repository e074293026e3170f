export { getRunsTable } from "./get-runs-table";
export { setRunTags } from "./set-tags";
export { getPreference, setPreference } from "./preferences";
