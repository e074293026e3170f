import path from "node:path";
import { getEnv } from "@/server/env";
import { runsRoot } from "@/server/services/runs/work-dir";

export type BackupSettings = {
  /** PGlite's data folder (also where the secret key and, by default, the snapshots sit beside). */
  dataDir: string;
  backupDir: string;
  runsDir: string;
  /** Snapshots kept per reason. */
  keep: number;
  /** Hours between the server's automatic snapshots of the embedded database; 0: none. */
  intervalHours: number;
};

/** Where snapshots go and how many stay: TUNEBENCH_BACKUP_DIR, else `backups` beside the data
 *  folder (data/backups by default, next to data/secret-key). */
export function backupSettings(
  env: Record<string, string | undefined> = process.env,
  dataDir?: string,
): BackupSettings {
  const e = getEnv(env);
  const data = path.resolve(dataDir ?? e.TUNEBENCH_DATA_DIR);
  return {
    dataDir: data,
    backupDir: path.resolve(e.TUNEBENCH_BACKUP_DIR ?? path.join(path.dirname(data), "backups")),
    runsDir: runsRoot(env),
    keep: e.TUNEBENCH_BACKUP_KEEP,
    intervalHours: e.TUNEBENCH_BACKUP_INTERVAL_HOURS,
  };
}
