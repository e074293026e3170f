import { endianness } from "node:os";

/**
 * The packed arrays of run_metric_chunks (drizzle/schema/metrics.ts): big-endian int4 and float8,
 * the byte order of PostgreSQL's int4send/float8send. They cross the driver as base64 text
 * (`decode($1, 'base64')` in, `encode(col, 'base64')` out): on PGlite that is several times
 * cheaper than bytea parameters or float8[] literals, and node-postgres passes text unchanged.
 */
const swap = endianness() === "LE";

function swapBytes(bytes: Buffer, width: number): void {
  if (width === 4) bytes.swap32();
  else bytes.swap64();
}

function packed(array: Int32Array | Float64Array): string {
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  if (swap) swapBytes(bytes, array.BYTES_PER_ELEMENT);
  return bytes.toString("base64");
}

export const packInt32 = (xs: ArrayLike<number>): string => packed(Int32Array.from(xs));
export const packFloat64 = (xs: ArrayLike<number>): string => packed(Float64Array.from(xs));

/** Decodes into a fresh, aligned buffer (base64 output may sit at any offset of Node's pool). */
function unpacked(base64: string, width: 4 | 8): ArrayBuffer {
  const decoded = Buffer.from(base64, "base64"); // PostgreSQL wraps base64 lines; Node skips the newlines
  const out = new ArrayBuffer(decoded.length - (decoded.length % width));
  const bytes = Buffer.from(out);
  decoded.copy(bytes, 0, 0, out.byteLength);
  if (swap) swapBytes(bytes, width);
  return out;
}

export const unpackInt32 = (base64: string): Int32Array => new Int32Array(unpacked(base64, 4));
export const unpackFloat64 = (base64: string): Float64Array =>
  new Float64Array(unpacked(base64, 8));
