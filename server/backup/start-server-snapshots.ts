import { getOpenDb, MIGRATIONS_FOLDER } from "@/server/db";
import { type SnapshotSchedule, startSnapshotSchedule } from "./schedule";
import { backupSettings } from "./settings";
import { snapshotDatabaseOf } from "./sources";

// On globalThis: Next's dev server may evaluate this module more than once.
const holder = globalThis as unknown as { __tunebenchSnapshots?: SnapshotSchedule };

/** The Next server's daily snapshots of the embedded database (TUNEBENCH_BACKUP_INTERVAL_HOURS;
 *  0 turns them off). PostgreSQL has its own backup tools; in-memory databases have nothing to keep. */
export async function startServerSnapshots(): Promise<SnapshotSchedule | null> {
  const settings = backupSettings();
  if (holder.__tunebenchSnapshots || settings.intervalHours === 0) return null;
  const open = await getOpenDb();
  const database = snapshotDatabaseOf(open.db);
  if (
    database.kind !== "pglite" ||
    !database.client.dataDir ||
    database.client.dataDir.startsWith("memory://")
  )
    return null;
  holder.__tunebenchSnapshots = startSnapshotSchedule({
    client: database.client,
    settings,
    env: process.env,
    migrationsFolder: MIGRATIONS_FOLDER,
  });
  return holder.__tunebenchSnapshots;
}
