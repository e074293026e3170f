import { closeSync, fsyncSync, openSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

// PGlite never calls fsync, so a snapshot is only worth having if the snapshot itself reaches the
// disk: everything here syncs the file and then its folder (a rename lives in the folder's data).

export function fsyncPath(file: string): void {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Syncs every file and folder under `dir`, children first (used on a restored data folder). */
export function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(full);
    else if (entry.isFile()) fsyncPath(full);
  }
  fsyncPath(dir);
}

/** rename(2) made durable: the moved file is synced first, then the folders that changed. */
export function renameDurable(from: string, to: string): void {
  renameSync(from, to);
  fsyncPath(path.dirname(to));
  if (path.dirname(from) !== path.dirname(to)) fsyncPath(path.dirname(from));
}

/** Writes `file` whole or not at all: a temporary file beside it, synced, then renamed. */
export function writeFileDurable(file: string, data: string | Uint8Array, mode = 0o600): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode });
  fsyncPath(tmp);
  renameDurable(tmp, file);
}
