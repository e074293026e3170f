import { readFile, stat } from "node:fs/promises";

/** A minimal ustar writer: an adapter is a folder of a few files (adapter_config.json,
 *  adapter_model.safetensors), and tar keeps the PEFT layout intact with no dependency. */
function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(512);
  const put = (s: string, off: number, len: number) => h.write(s.slice(0, len), off, len, "utf8");
  const oct = (n: number, len: number) => n.toString(8).padStart(len - 1, "0");
  put(name, 0, 100);
  put(`${oct(0o644, 8)}\0`, 100, 8);
  put(`${oct(0, 8)}\0`, 108, 8);
  put(`${oct(0, 8)}\0`, 116, 8);
  put(`${oct(size, 12)}\0`, 124, 12);
  put(`${oct(Math.floor(mtime.getTime() / 1000), 12)}\0`, 136, 12);
  put("        ", 148, 8); // checksum is computed with its own field as spaces
  put("0", 156, 1);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  return h;
}

/** A tar of `files` under `prefix/`, each read from its path (entries that are not regular files
 *  are skipped). */
export async function tarFiles(
  prefix: string,
  files: { name: string; path: string }[],
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const file of files) {
    const st = await stat(file.path);
    if (!st.isFile()) continue;
    const data = await readFile(file.path);
    parts.push(
      header(`${prefix}/${file.name}`, data.length, st.mtime),
      data,
      Buffer.alloc((512 - (data.length % 512)) % 512),
    );
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
