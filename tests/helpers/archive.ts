import * as tar from "tar";

/** A folder's contents as tar (or tar.gz) bytes, entries at the archive's root, as a person would
 *  pack an adapter or model folder (`tar czf out.tgz -C dir .`). */
export async function packFolder(dir: string, gzip = true): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of tar.c({ cwd: dir, gzip, portable: true }, ["."]) as AsyncIterable<Buffer>)
    chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/** A web stream of `bytes`, as a request body arrives. */
export const bodyOf = (bytes: Buffer) => new Response(new Uint8Array(bytes)).body!;

/**
 * One raw ustar entry, written by hand so a test can build what no well-behaved packer writes:
 * absolute paths, `..`, links, devices. `type`: "0" file, "2" symlink, "1" hard link, "3" char
 * device, "5" folder, "6" FIFO.
 */
export function tarEntry(name: string, type: string, data = "", linkname = ""): Buffer {
  const body = Buffer.from(data);
  const h = Buffer.alloc(512);
  const put = (s: string, off: number, len: number) => h.write(s, off, Math.min(len, s.length));
  const octal = (n: number, len: number) => `${n.toString(8).padStart(len - 1, "0")}\0`;
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(type === "0" ? body.length : 0, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  h.fill(" ", 148, 156);
  put(type, 156, 1);
  put(linkname, 157, 100);
  put("ustar\u000000", 257, 8);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([h, type === "0" ? Buffer.concat([body, pad]) : Buffer.alloc(0)]);
}

/** Entries followed by the two zero blocks that end a tar archive. */
export const tarOf = (...entries: Buffer[]) => Buffer.concat([...entries, Buffer.alloc(1024)]);
