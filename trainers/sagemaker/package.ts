import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as tar from "tar";
import { repoRoot } from "../local/process";

/** The Python worker package, shipped unchanged as the job's source directory. */
export const WORKER_PARENT_DIR = path.join(repoRoot, "trainers/local");

/**
 * sourcedir.tar.gz with the `worker` package at the archive root, so `worker/sagemaker.py` (the
 * sagemaker_program) can import it. Entries are sorted with a fixed mtime and no owner, so the
 * same worker gives the same bytes. Caches and the requirements lock stay out: the toolkit would
 * only pip-install a requirements.txt, and the Hugging Face image already has what the worker needs.
 */
export async function packWorker(parentDir = WORKER_PARENT_DIR): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = tar.c(
    {
      gzip: { level: 9 },
      cwd: parentDir,
      portable: true,
      mtime: new Date(0),
      filter: (p) => !/(__pycache__|\.pyc$|requirements\.(lock|in)$)/.test(p),
    },
    ["worker"],
  );
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Extracts one file (by base name) from a .tar.gz held in memory; null when it is not there. */
export async function readFromTarGz(archive: Uint8Array, baseName: string): Promise<string | null> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tunebench-sm-"));
  try {
    const file = path.join(dir, "archive.tar.gz");
    await writeFile(file, archive);
    let found: string | null = null;
    await tar.x({
      file,
      cwd: dir,
      filter: (p) => {
        const hit = path.basename(p) === baseName && !found;
        if (hit) found = p;
        return hit;
      },
    });
    return found ? await readFile(path.join(dir, found), "utf8") : null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
