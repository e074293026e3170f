import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { currentSecretKey, keyFile } from "@/server/crypto/key";
import { PID_FILE } from "@/server/data-dir-lock";
import { BackupError } from "./backup-error";
import { fsyncPath, fsyncTree, renameDurable, writeFileDurable } from "./durable-fs";
import type { BackupManifest } from "./manifest";

/** A folder holds something worth keeping (our own pid file does not count). */
export function hasContent(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => name !== PID_FILE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

/** Loads PGlite's data-folder tar into the fresh folder `dir` and starts it once, which replays
 *  the WAL the way a restart does; a tar that does not start is refused before anything moves. */
export async function loadPgliteFolder(tarFile: string, dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  let client: PGlite | null = null;
  try {
    client = new PGlite(dir, { loadDataDir: new Blob([readFileSync(tarFile)]) });
    await client.waitReady;
    await client.query("SELECT count(*) FROM pg_class");
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new BackupError(`The backup's database does not start: ${(e as Error).message}`);
  } finally {
    await client?.close().catch(() => {});
  }
  // The dump carries the pid file of the process that held the folder then; restored, it would
  // lock the folder for whatever process has that pid now.
  rmSync(path.join(dir, PID_FILE), { force: true });
  // PGlite never fsyncs; a restored folder is exactly what must survive the next power cut.
  fsyncTree(dir);
}

/** Puts `from` where `target` is, moving what was there to `aside` (never deleting it). */
export function swapInto(from: string, target: string, aside: string): string | null {
  let moved: string | null = null;
  if (hasContent(target)) {
    renameDurable(target, aside);
    rmSync(path.join(aside, PID_FILE), { force: true });
    moved = aside;
  } else rmSync(target, { recursive: true, force: true });
  try {
    renameSync(from, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    cpSync(from, target, { recursive: true });
  }
  fsyncPath(path.dirname(target));
  return moved;
}

/**
 * Puts the archive's secret key where this installation reads it, so the restored secrets decrypt.
 * A different key already there is kept beside it; with TUNEBENCH_SECRET_KEY set nothing is
 * overwritten and the notes say what to do. Returns notes for the person restoring.
 */
export function restoreSecretKey(
  archiveDir: string,
  manifest: BackupManifest,
  env: Record<string, string | undefined>,
  stamp: string,
): string[] {
  const archived = path.join(archiveDir, "secret-key");
  const wanted = manifest.secretKey.id;
  if (env.TUNEBENCH_SECRET_KEY || !existsSync(archived)) {
    const current = currentSecretKey(env);
    if (!wanted || current?.id === wanted) return [];
    const where = env.TUNEBENCH_SECRET_KEY ? "TUNEBENCH_SECRET_KEY" : keyFile(env);
    const keep = existsSync(archived) ? `${keyFile(env)}.from-backup-${stamp}` : null;
    if (keep) writeFileDurable(keep, readFileSync(archived));
    return [
      `The stored secrets were encrypted with key ${wanted}, but ${where} holds ${current?.id ?? "no key"}: ` +
        (keep
          ? `the backup's key is in ${keep}; set TUNEBENCH_SECRET_KEY to its contents, or `
          : "restore that key (docs/cli.md#backups), or ") +
        "enter the secrets again in Settings.",
    ];
  }
  const target = keyFile(env);
  const key = readFileSync(archived);
  if (existsSync(target)) {
    if (readFileSync(target).equals(key)) return [];
    renameDurable(target, `${target}.before-restore-${stamp}`);
    writeFileDurable(target, key);
    return [
      `Restored the secret key ${wanted}; the previous one is ${target}.before-restore-${stamp}.`,
    ];
  }
  writeFileDurable(target, key);
  return [`Restored the secret key ${wanted} to ${target}.`];
}
