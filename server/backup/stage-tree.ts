import { copyFileSync, linkSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const gone = (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOENT";

/**
 * Mirrors the regular files under `src` into `dst` as hard links (copies across file systems), so
 * the archive is packed from a tree that no longer changes shape: a trainer that renames a new
 * checkpoint or adapter into place meanwhile replaces its own entry, not ours. Files and folders
 * that vanish during the walk (a temporary folder being renamed) are skipped; symlinks are not
 * followed. Returns the number of files staged.
 */
export function stageTree(src: string, dst: string): number {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(src, { withFileTypes: true });
  } catch (e) {
    if (gone(e)) return 0;
    throw e;
  }
  mkdirSync(dst, { recursive: true });
  let files = 0;
  for (const entry of entries) {
    const from = path.join(src, entry.name);
    const to = path.join(dst, entry.name);
    if (entry.isDirectory()) files += stageTree(from, to);
    else if (entry.isFile()) files += linkOrCopy(from, to) ? 1 : 0;
  }
  return files;
}

function linkOrCopy(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (e) {
    if (gone(e)) return false;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EXDEV" && code !== "EPERM" && code !== "EMLINK") throw e;
  }
  try {
    copyFileSync(from, to);
    return true;
  } catch (e) {
    if (gone(e)) return false;
    throw e;
  }
}
