import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { Parser, type ReadEntry } from "tar";
import { type AttachLimits, AttachProblem } from "./limits";
import { safeEntryPath } from "./safe-entry-path";

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

/**
 * Streams a tar or tar.gz archive (gzip is recognised by its magic bytes) into `dir`, a fresh empty
 * folder, entry by entry: nothing is buffered whole, and the first bad entry stops it. Only plain
 * files and folders are written, each at a path safeEntryPath allows, each file created exclusively
 * (a name given twice is refused); links, devices and FIFOs are refused, never followed or
 * skipped. The bytes written and the entries are capped by `limits`. Throws AttachProblem naming
 * the entry; the caller removes `dir` on any error. Since no link is ever created inside `dir`,
 * every path written stays inside it.
 */
export function extractArchive(
  body: ReadableStream<Uint8Array>,
  dir: string,
  limits: AttachLimits,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const source = Readable.fromWeb(body as NodeReadableStream);
    const parser = new Parser({ strict: true });
    const seen = new Set<string>();
    const writes: Promise<void>[] = [];
    const open: WriteStream[] = [];
    let bytes = 0;
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      source.destroy();
      for (const out of open) out.destroy();
      parser.abort(e instanceof Error ? e : new Error(String(e)));
      reject(
        e instanceof AttachProblem
          ? e
          : new AttachProblem(`not a readable tar or tar.gz archive: ${(e as Error).message}`),
      );
    };
    parser.on("entry", (entry: ReadEntry) => {
      if (failed) return entry.resume();
      try {
        writeEntry(entry);
      } catch (e) {
        entry.resume();
        fail(e);
      }
    });
    parser.on("error", fail);
    source.on("error", fail);
    parser.on("end", () => {
      if (failed) return;
      Promise.all(writes).then(() => failed || resolve());
    });
    source.pipe(parser as unknown as NodeJS.WritableStream);

    function writeEntry(entry: ReadEntry) {
      const rel = safeEntryPath(entry.path);
      const where = JSON.stringify(entry.path.slice(0, 200));
      if (entry.type === "Directory") {
        if (rel) mkdirSync(path.join(dir, rel), { recursive: true });
        return entry.resume();
      }
      if (!FILE_TYPES.has(entry.type))
        throw new AttachProblem(
          `${where}: a ${entry.type} entry; only plain files and folders are accepted (no links or devices)`,
        );
      if (!rel) throw new AttachProblem(`${where}: a file without a name`);
      if (seen.has(rel)) throw new AttachProblem(`${where}: the same path twice`);
      seen.add(rel);
      if (seen.size > limits.maxFiles)
        throw new AttachProblem(`more than ${limits.maxFiles} files (TUNEBENCH_ATTACH_MAX_FILES)`);
      if (bytes + (entry.size ?? 0) > limits.maxBytes) throw tooLarge(limits);
      const target = path.join(dir, rel);
      mkdirSync(path.dirname(target), { recursive: true });
      const out = createWriteStream(target, { flags: "wx", mode: 0o644 });
      entry.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limits.maxBytes) fail(tooLarge(limits));
      });
      open.push(out);
      out.on("error", fail);
      writes.push(new Promise((done) => out.on("close", done)));
      entry.pipe(out);
    }
  });
}

const tooLarge = (limits: AttachLimits) =>
  new AttachProblem(
    `the archive unpacks to more than ${limits.maxBytes} bytes (TUNEBENCH_ATTACH_MAX_BYTES)`,
  );
