import { type FileHandle, open } from "node:fs/promises";

/**
 * Reads the complete lines of `file` from byte `offset`. A trailing partial line (the writer is
 * mid-write) is left for the next read, so `next` only ever advances past whole lines.
 */
export async function readLinesFrom(
  file: string,
  offset: number,
): Promise<{ lines: { text: string; at: number; end: number }[]; next: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { lines: [], next: offset };
    throw e;
  }
  try {
    const { size } = await handle.stat();
    if (size <= offset) return { lines: [], next: offset };
    const buf = Buffer.alloc(size - offset);
    await handle.read(buf, 0, buf.length, offset);
    const lines: { text: string; at: number; end: number }[] = [];
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      if (buf[i] !== 0x0a) continue;
      const text = buf.subarray(start, i).toString("utf8").trim();
      if (text) lines.push({ text, at: offset + start, end: offset + i + 1 });
      start = i + 1;
    }
    return { lines, next: offset + start };
  } finally {
    await handle.close();
  }
}
