import { BackupError } from "@/server/backup/backup-error";
import { createSnapshot, snapshotSummary } from "@/server/backup/create-snapshot";
import { backupSettings } from "@/server/backup/settings";
import { snapshotDatabaseOf } from "@/server/backup/sources";
import type { Ctx } from "@/server/ctx";
import { MIGRATIONS_FOLDER } from "@/server/db";
import { conflict } from "@/server/errors";
import type { BackupOut, CreateBackupInput } from "@/server/schemas/backups";

/**
 * A snapshot taken by the process that holds the database: the only way to copy a PGlite folder
 * while the server runs (PGlite serves one process). The archive stays on the server's disk, in
 * the backup folder, rotated with the other manual snapshots; nothing here sends its bytes over
 * HTTP, so an admin token cannot carry the database and its secret key off the machine.
 */
export async function createBackup({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateBackupInput;
}): Promise<BackupOut> {
  const settings = backupSettings();
  try {
    const info = await createSnapshot({
      database: snapshotDatabaseOf(ctx.db),
      reason: "manual",
      target: { dir: settings.backupDir, keep: settings.keep },
      runsDir: input.runs ? settings.runsDir : null,
      env: process.env,
      includeSecretKey: input.secretKey,
      migrationsFolder: MIGRATIONS_FOLDER,
    });
    return snapshotSummary(info);
  } catch (e) {
    if (e instanceof BackupError) throw conflict(e.message);
    throw e;
  }
}
