import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { isAlive } from "@/server/data-dir-lock";
import { parseSnapshotFileName, type SnapshotReason } from "./manifest";

export type SnapshotEntry = { file: string; name: string; reason: SnapshotReason; at: Date };

/** The snapshots in `dir`, newest first; other files are not ours and are left alone. */
export function listSnapshots(dir: string): SnapshotEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: SnapshotEntry[] = [];
  for (const name of names) {
    const parsed = parseSnapshotFileName(name);
    if (parsed) out.push({ file: path.join(dir, name), name, ...parsed });
  }
  return out.sort((a, b) => b.at.getTime() - a.at.getTime() || b.name.localeCompare(a.name));
}

/** Which snapshots to delete so that at most `keep` of each reason remain (the newest ones). */
export function snapshotsBeyond(entries: SnapshotEntry[], keep: number): SnapshotEntry[] {
  const seen = new Map<SnapshotReason, number>();
  return entries
    .slice()
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .filter((e) => {
      const n = (seen.get(e.reason) ?? 0) + 1;
      seen.set(e.reason, n);
      return n > keep;
    });
}

// Leftovers of a snapshot whose process died mid-write: `.tunebench-staging-<pid>-…` folders and
// `tunebench-….tar.gz.tmp-<pid>` files. Only a dead process's ones are removed.
const LEFTOVER = /^(?:\.tunebench-staging-(\d+)-.*|tunebench-.*\.tar\.gz\.tmp-(\d+))$/;

/** Deletes the snapshots beyond `keep` per reason and dead writers' leftovers; returns what went. */
export function rotateSnapshots(dir: string, keep: number): string[] {
  const removed: string[] = [];
  for (const entry of snapshotsBeyond(listSnapshots(dir), keep)) {
    rmSync(entry.file, { force: true });
    removed.push(entry.file);
  }
  for (const name of readdirSync(dir)) {
    const m = LEFTOVER.exec(name);
    const pid = Number(m?.[1] ?? m?.[2]);
    if (!m || isAlive(pid)) continue;
    const full = path.join(dir, name);
    if (statSync(full, { throwIfNoEntry: false })) rmSync(full, { recursive: true, force: true });
    removed.push(full);
  }
  return removed;
}
