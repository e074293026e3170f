import { existsSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import * as tar from "tar";
import { parseS3 } from "./generation-job";

/**
 * Downloads a training job's model.tar.gz and unpacks it into `dir`: a LoRA / QLoRA job's holds
 * the PEFT adapter (adapter_config.json), a full job's the model folder (config.json), at the top
 * or one folder down. Returns what the local worker loads: `{ adapterPath }` or `{ modelPath }`.
 * Unpacking refuses entries that would land outside `dir` (tar's default strict paths).
 */
export async function downloadArtifact(
  s3: S3Client,
  uri: string,
  dir: string,
): Promise<{ adapterPath: string } | { modelPath: string }> {
  const obj = await s3.send(new GetObjectCommand(parseS3(uri)));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const archive = path.join(dir, "model.tar.gz");
  await writeFile(archive, await obj.Body!.transformToByteArray());
  const root = path.join(dir, "model");
  await mkdir(root);
  await tar.x({ file: archive, cwd: root });
  const candidates = [
    root,
    ...(await readdir(root, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => path.join(root, e.name)),
  ];
  for (const folder of candidates) {
    if (existsSync(path.join(folder, "adapter_config.json"))) return { adapterPath: folder };
    if (existsSync(path.join(folder, "config.json"))) return { modelPath: folder };
  }
  throw new Error(
    `${uri} holds neither an adapter (adapter_config.json) nor a model (config.json)`,
  );
}
