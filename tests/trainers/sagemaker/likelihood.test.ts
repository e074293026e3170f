import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyModelDir } from "@/tests/helpers/tiny-model";
import { likelihoodLocal } from "@/trainers/local/likelihood";
import { createSageMakerBackend } from "@/trainers/sagemaker/sagemaker-backend";
import type { TrainingBackend } from "@/trainers/types";
import { type Moto, startMoto } from "./moto-server";

// A SageMaker run's perplexity: its model.tar.gz is downloaded from S3 (moto on loopback) and
// scored by the local worker, exactly as the same folder on disk would be.

let moto: Moto;
let s3: S3Client;
let backend: TrainingBackend;
let work = "";
const samples = [
  {
    id: "0",
    messages: [
      { role: "user" as const, content: "2024-05-07" },
      { role: "assistant" as const, content: "7 May 2024" },
    ],
  },
  {
    id: "1",
    messages: [
      { role: "user" as const, content: "2023-01-15" },
      { role: "assistant" as const, content: "15 January 2023" },
    ],
  },
];

beforeAll(async () => {
  moto = await startMoto();
  const common = {
    region: "us-east-1",
    endpoint: moto.url,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
  s3 = new S3Client({ ...common, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: "tb-ppl" }));
  backend = createSageMakerBackend({
    region: "us-east-1",
    roleArn: "arn:aws:iam::123456789012:role/SageMakerRole",
    bucket: "tb-ppl",
    endpoints: { sagemaker: moto.url, s3: moto.url, logs: moto.url },
    credentials: common.credentials,
  });
  work = await mkdtemp(path.join(os.tmpdir(), "sm-ppl-"));
}, 60_000);
afterAll(() => moto?.stop());

async function upload(key: string, cwd: string, files: string[]) {
  const archive = path.join(work, `${key.replaceAll("/", "_")}.tar.gz`);
  await tar.c({ gzip: true, file: archive, cwd }, files);
  await s3.send(
    new PutObjectCommand({ Bucket: "tb-ppl", Key: key, Body: await readFile(archive) }),
  );
  return `s3://tb-ppl/${key}`;
}

describe("sagemaker likelihood", () => {
  it("scores a full job's model.tar.gz like the same model folder on disk", async () => {
    const model = tinyModelDir();
    const uri = await upload("job/output/model.tar.gz", model, ["."]);
    const req = { baseModel: "HuggingFaceTB/SmolLM2-135M", samples, workDir: `${work}/sm` };
    const got = await backend.likelihood!({ ...req, adapterPath: uri });
    const want = await likelihoodLocal({
      baseModel: model,
      adapterPath: null,
      samples,
      workDir: `${work}/local`,
    });
    expect(got).toEqual(want);
    expect(got.map((s) => s.tokens).every((n) => n > 0)).toBe(true);
  }, 120_000);

  it("says what an archive without an adapter or a model holds", async () => {
    await writeFile(path.join(work, "notes.txt"), "nothing to load");
    const uri = await upload("other/model.tar.gz", work, ["notes.txt"]);
    await expect(
      backend.likelihood!({ baseModel: "x", adapterPath: uri, samples, workDir: `${work}/bad` }),
    ).rejects.toThrow(
      "s3://tb-ppl/other/model.tar.gz holds neither an adapter (adapter_config.json) nor a model (config.json)",
    );
  }, 60_000);
});
