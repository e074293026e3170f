import type { PGlite } from "@electric-sql/pglite";
import { BackupError } from "./backup-error";
import { createSnapshot, type SnapshotInfo } from "./create-snapshot";
import { readSchemaState } from "./schema-state";
import { backupSettings } from "./settings";

/**
 * Before a PGlite database is migrated, a snapshot of it as it is: a migration that goes wrong (or
 * a newer version one wants to step back from) can then be undone with `tunebench restore`. Fresh
 * and up-to-date databases need none. No snapshot, no migration: a failure stops the start.
 */
export async function snapshotBeforeMigrating(
  client: PGlite,
  dataDir: string,
  migrationsFolder: string,
  env: Record<string, string | undefined> = process.env,
): Promise<SnapshotInfo | null> {
  const query = async (text: string) =>
    (await client.query(text)).rows as Record<string, unknown>[];
  const state = await readSchemaState(query, migrationsFolder);
  if (state.migrations === 0 || state.pending.length === 0) return null;
  const settings = backupSettings(env, dataDir);
  try {
    const info = await createSnapshot({
      database: { kind: "pglite", client },
      reason: "pre-migration",
      target: { dir: settings.backupDir, keep: settings.keep },
      runsDir: null,
      env: { ...env, TUNEBENCH_DATA_DIR: dataDir },
      includeSecretKey: true,
      migrationsFolder,
    });
    console.error(
      `[db] before migrating ${dataDir} from ${state.latest ?? "?"} to ${state.pending.at(-1)}: snapshot ${info.file}`,
    );
    return info;
  } catch (e) {
    throw new BackupError(
      `Not migrating ${dataDir}: the snapshot before migrating failed (${(e as Error).message}). ` +
        `Free space in ${settings.backupDir} (or set TUNEBENCH_BACKUP_DIR) and start again.`,
    );
  }
}
