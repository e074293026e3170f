import { mkdirSync } from "node:fs";
import path from "node:path";
import { dataDirHolder, lockDataDir } from "@/server/data-dir-lock";
import { BackupError } from "./backup-error";
import type { BackupManifest } from "./manifest";
import { openArchive } from "./open-archive";
import { assertEmptyDatabase, psqlLoad } from "./postgres-tools";
import { hasContent, loadPgliteFolder, restoreSecretKey, swapInto } from "./restore-parts";

export type RestoreOptions = {
  archive: string;
  /** PGlite's data folder (the target unless databaseUrl is set; the secret key sits beside it). */
  dataDir: string;
  runsDir: string;
  /** A PostgreSQL database to load a pg_dump backup into; it must be empty. */
  databaseUrl?: string;
  env: Record<string, string | undefined>;
  /** Replace a data folder or runs folder that holds something (it is moved aside, not deleted). */
  force: boolean;
  includeRuns: boolean;
};

export type RestoreReport = {
  manifest: BackupManifest;
  database: string;
  runs: string | null;
  /** Folders that were replaced, moved here rather than deleted. */
  movedAside: string[];
  notes: string[];
};

/**
 * Restores a backup archive. Everything is checked before anything moves: the archive (manifest,
 * checksum), that the data folder is not in use by a live process, that the targets are empty or
 * `force` was given, and that the database loads. Replaced folders are moved aside, never deleted.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreReport> {
  const holder = opts.databaseUrl ? null : dataDirHolder(opts.dataDir);
  if (holder)
    throw new BackupError(
      `${opts.dataDir} is in use by process ${holder} (the Tunebench server?): stop it first; a restore never replaces a database folder in use.`,
    );
  const scratch = path.dirname(opts.dataDir);
  mkdirSync(scratch, { recursive: true });
  const archive = await openArchive(opts.archive, scratch);
  const unlock = opts.databaseUrl ? () => {} : lockDataDir(opts.dataDir);
  try {
    const { manifest, dir } = archive;
    checkKind(manifest, opts);
    const withRuns = manifest.runs && opts.includeRuns;
    const occupied = [
      ...(!opts.databaseUrl && hasContent(opts.dataDir) ? [opts.dataDir] : []),
      ...(withRuns && hasContent(opts.runsDir) ? [opts.runsDir] : []),
    ];
    if (occupied.length && !opts.force)
      throw new BackupError(
        `${occupied.join(" and ")} ${occupied.length > 1 ? "hold" : "holds"} data: pass --force to move ${occupied.length > 1 ? "them" : "it"} aside (to ….before-restore-<time>) and restore.`,
      );
    const stamp = new Date().toISOString().replace(/[-:.]/g, "");
    const movedAside: string[] = [];
    let database: string;
    if (opts.databaseUrl) {
      await assertEmptyDatabase(opts.databaseUrl);
      await psqlLoad(opts.databaseUrl, path.join(dir, manifest.database.file));
      database = new URL(opts.databaseUrl).pathname.slice(1);
    } else {
      const loaded = `${opts.dataDir}.restoring-${process.pid}`;
      await loadPgliteFolder(path.join(dir, manifest.database.file), loaded);
      const aside = swapInto(loaded, opts.dataDir, `${opts.dataDir}.before-restore-${stamp}`);
      if (aside) movedAside.push(aside);
      database = opts.dataDir;
    }
    if (withRuns) {
      const aside = swapInto(
        path.join(dir, "runs"),
        opts.runsDir,
        `${opts.runsDir}.before-restore-${stamp}`,
      );
      if (aside) movedAside.push(aside);
    }
    const notes = restoreSecretKey(dir, manifest, opts.env, stamp);
    if (manifest.runs && !opts.includeRuns)
      notes.push(`Left ${opts.runsDir} as it was (--no-runs).`);
    if (!manifest.runs)
      notes.push(`The backup holds no runs folder: ${opts.runsDir} is unchanged.`);
    return { manifest, database, runs: withRuns ? opts.runsDir : null, movedAside, notes };
  } finally {
    unlock();
    archive.cleanup();
  }
}

function checkKind(manifest: BackupManifest, opts: RestoreOptions): void {
  if (manifest.database.kind === "pglite" && opts.databaseUrl)
    throw new BackupError(
      "This backup holds the embedded (PGlite) database: restore it without DATABASE_URL, into TUNEBENCH_DATA_DIR.",
    );
  if (manifest.database.kind === "postgres" && !opts.databaseUrl)
    throw new BackupError(
      "This backup holds pg_dump SQL of a PostgreSQL database: set DATABASE_URL to an empty database to restore it.",
    );
}
