import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

// PGlite serves one process; a second one on the same folder would corrupt it. A pid file says
// who holds it; a holder that died (kill -9) leaves a stale file, which is taken over.
export const PID_FILE = "tunebench.pid";

/** The live process holding `dataDir` other than this one, or null. */
export function dataDirHolder(dataDir: string): number | null {
  try {
    const holder = Number(readFileSync(path.join(dataDir, PID_FILE), "utf8"));
    return holder && holder !== process.pid && isAlive(holder) ? holder : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** Takes the folder for this process (creating it); returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const holder = dataDirHolder(dataDir);
  if (holder) {
    throw new Error(
      `The database folder ${dataDir} is in use by process ${holder} (PGlite serves one process). ` +
        `Stop it, or go through its HTTP API, or use PostgreSQL (DATABASE_URL) for several processes.`,
    );
  }
  const file = path.join(dataDir, PID_FILE);
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, "utf8") === String(process.pid)) unlinkSync(file);
    } catch {}
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
