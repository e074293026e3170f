import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { parseS3 } from "./generation-job";

/** An S3 client for reading artifacts: the region, and an emulator's endpoint where one is set
 *  (path-style, as every Tunebench S3 client talks to one). Credentials: the SDK's default chain. */
export function artifactS3Client(opts: { region: string; endpoint?: string }): S3Client {
  return new S3Client({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
  });
}

/** What retrying cannot fix: too many objects or bytes, an empty prefix. */
export class PrefixRefused extends Error {
  override readonly name = "PrefixRefused";
}

export type PrefixLimits = { maxBytes: number; maxFiles: number };

/**
 * Downloads every object under `s3://bucket/prefix/` into `dir`, each at the path `toPath` gives
 * for its key relative to the prefix (it throws to refuse one: `..`, absolute paths). The listing
 * is checked whole against the limits (sizes from the listing) before the first byte is read, and
 * the bytes written are counted again while they stream, since an object may change in between.
 * Folder markers (keys ending in "/") are skipped. Throws when the prefix holds nothing.
 */
export async function downloadPrefix(
  s3: S3Client,
  uri: string,
  dir: string,
  limits: PrefixLimits,
  toPath: (relativeKey: string) => string,
): Promise<void> {
  const { Bucket, Key } = parseS3(uri);
  const prefix = Key.endsWith("/") ? Key : `${Key}/`;
  const objects: { key: string; file: string }[] = [];
  let listed = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith("/")) continue;
      listed += o.Size ?? 0;
      const file = toPath(o.Key.slice(prefix.length));
      if (!file) throw new PrefixRefused(`${uri}: the key ${JSON.stringify(o.Key)} names no file`);
      objects.push({ key: o.Key, file });
      if (objects.length > limits.maxFiles)
        throw new PrefixRefused(`${uri} holds more than ${limits.maxFiles} objects`);
      if (listed > limits.maxBytes)
        throw new PrefixRefused(`${uri} holds more than ${limits.maxBytes} bytes`);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (objects.length === 0)
    throw new PrefixRefused(`${uri} holds no objects (is the prefix right?)`);
  let written = 0;
  for (const o of objects) {
    const target = path.join(dir, o.file);
    mkdirSync(path.dirname(target), { recursive: true });
    const obj = await s3.send(new GetObjectCommand({ Bucket, Key: o.key }));
    const body = obj.Body as Readable;
    body.on("data", (chunk: Buffer) => {
      written += chunk.length;
      if (written > limits.maxBytes)
        body.destroy(new PrefixRefused(`${uri} holds more than ${limits.maxBytes} bytes`));
    });
    await pipeline(body, createWriteStream(target, { flags: "wx", mode: 0o644 }));
  }
}
