import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import * as tar from "tar";
import { BackupError } from "./backup-error";
import { sha256File } from "./create-snapshot";
import { BackupManifest } from "./manifest";

export type OpenedArchive = {
  /** The extracted archive: manifest.json, database/, runs/, secret-key. */
  dir: string;
  manifest: BackupManifest;
  cleanup(): void;
};

// Only what createSnapshot writes, as plain files and folders: an archive with anything else (a
// link, a path outside the scratch folder, which node-tar refuses too) is refused whole.
const ALLOWED =
  /^(?:manifest\.json|secret-key|database\/?|database\/(?:pgdata\.tar|dump\.sql)|runs(?:\/.*)?)$/;

/**
 * Extracts and checks a backup archive inside `scratchParent` (beside the folders it will replace,
 * so restoring is a rename on one file system). Refuses anything createSnapshot would not have
 * written, and a database file whose size or sha256 differs from the manifest's.
 */
export async function openArchive(file: string, scratchParent: string): Promise<OpenedArchive> {
  if (!existsSync(file) || !statSync(file).isFile())
    throw new BackupError(`No backup archive at ${file}.`);
  const dir = mkdtempSync(path.join(scratchParent, `.tunebench-restore-${process.pid}-`));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const unexpected: string[] = [];
  try {
    // sync: an async extraction that fails goes on writing entries while the caller cleans up.
    tar.x({
      file,
      cwd: dir,
      sync: true,
      strict: true,
      filter: (p, entry) => {
        const type = "type" in entry ? entry.type : "File";
        const ok =
          ALLOWED.test(p.replace(/^\.\//, "")) && (type === "File" || type === "Directory");
        if (!ok) unexpected.push(`${p} (${type})`);
        return ok;
      },
    });
  } catch (e) {
    cleanup();
    throw new BackupError(`${file} is not a readable backup archive: ${(e as Error).message}`);
  }
  if (unexpected.length) {
    cleanup();
    throw new BackupError(
      `${file} is not a Tunebench backup: it holds ${unexpected.slice(0, 3).join(", ")}; a backup holds only manifest.json, database/, runs/ (plain files) and secret-key.`,
    );
  }
  try {
    const manifest = readManifest(dir, file);
    const db = path.join(dir, manifest.database.file);
    if (!existsSync(db)) throw new BackupError(`${file} lacks ${manifest.database.file}.`);
    const [bytes, sha256] = [statSync(db).size, await sha256File(db)];
    if (bytes !== manifest.database.bytes || sha256 !== manifest.database.sha256)
      throw new BackupError(
        `${file}: ${manifest.database.file} is damaged (sha256 ${sha256}, ${bytes} bytes; the manifest says ${manifest.database.sha256}, ${manifest.database.bytes} bytes).`,
      );
    return { dir, manifest, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

function readManifest(dir: string, file: string): BackupManifest {
  const manifestFile = path.join(dir, "manifest.json");
  if (!existsSync(manifestFile))
    throw new BackupError(`${file} has no manifest.json: it is not a Tunebench backup.`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch (e) {
    throw new BackupError(`${file}: manifest.json is not JSON (${(e as Error).message}).`);
  }
  const parsed = BackupManifest.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.join(".") || "(manifest)"}: ${i.message}`,
    );
    throw new BackupError(`${file}: manifest.json: ${issues.join("; ")}`);
  }
  return parsed.data;
}
