export { createBackup } from "./create-backup";
