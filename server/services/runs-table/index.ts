export { getRunsTable } from "./get-runs-table";
export { getPreference, setPreference } from "./preferences";
export { setRunTags } from "./set-tags";
