import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, runArtifacts } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { PermanentJobError } from "@/server/jobs/define";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { createMlflowRun, updateMlflowRun } from "@/server/services/mlflow";
import { attachAdapter } from "@/server/services/runs/attach-adapter";
import { fetchRunOutput } from "@/server/services/runs/fetch-run-output";
import { runWorkDir } from "@/server/services/runs/work-dir";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";
import { type Moto, startMoto } from "@/tests/trainers/sagemaker/moto-server";

// s3:// locations for external runs, against moto's S3: only the project's bucket is accepted, the
// run.fetch-output job (one per run and location) downloads the prefix into the run's folder,
// checks it like an upload and requests the evaluation; a hostile or incomplete prefix fails the
// job for good and leaves nothing behind.
const BUCKET = "tb-attach";
const SAFETENSORS = `${String.fromCharCode(2, 0, 0, 0, 0, 0, 0, 0)}{}`;
let moto: Moto;
let s3: S3Client;
let t: TestDb;
let ctx: DomainCtx;
let experimentId: string;
const saved = { ...process.env };

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, {
    TUNEBENCH_RUNS_DIR: mkdtempSync(path.join(tmpdir(), "tb-runs-")),
    TUNEBENCH_SAGEMAKER_ENDPOINT_URL: moto.url,
    TUNEBENCH_SAGEMAKER_REGION: "us-east-1",
    TUNEBENCH_SAGEMAKER_BUCKET: BUCKET,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
  });
  s3 = new S3Client({ region: "us-east-1", endpoint: moto.url, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const put = (Key: string, Body: string) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  await put("runs/a/adapter_config.json", '{"peft_type": "LORA"}');
  await put("runs/a/adapter_model.safetensors", SAFETENSORS);
  await put("runs/hostile/adapter_config.json", '{"peft_type": "LORA"}');
  await put("runs/hostile/adapter_model.safetensors", SAFETENSORS);
  await put("runs/hostile/x/../../../escape", "x");
  await put("runs/incomplete/adapter_config.json", '{"peft_type": "LORA"}');
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db);
  const ds = await uploadDataset({
    ctx,
    input: {
      name: "dates",
      trainJsonl: toChatJsonl(dateExamples(4)),
      evalJsonl: toChatJsonl(dateExamples(2, 100)),
    },
  });
  experimentId = (
    await createExperiment({
      ctx,
      input: {
        name: "external",
        baseModel: "tiny-model",
        datasetVersionId: ds.versionId,
        grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
        evalSuite: { metrics: ["chrf"], primaryMetric: "chrf" },
      },
    })
  ).id;
});
afterAll(async () => {
  process.env = saved;
  await t?.close();
  await moto?.stop();
});

async function finishedExternalRun(name: string) {
  const { run } = await createMlflowRun({
    ctx,
    input: { experiment_id: experimentId, run_name: name, tags: [] },
  });
  await updateMlflowRun({ ctx, input: { run_id: run.info.run_id, status: "FINISHED" } });
  return run.info.run_id;
}

/** The fetch job the location request enqueued, run as the worker loop would run it. */
async function runFetchJob(jobId: string) {
  const [job] = await t.db.select().from(jobs).where(eq(jobs.id, jobId));
  expect(job!.kind).toBe("run.fetch-output");
  return fetchRunOutput(t.db, job!.payload as { runId: string; uri: string });
}

async function leftBehind(runId: string) {
  const dir = runWorkDir(runId);
  const artifacts = await t.db.select().from(runArtifacts).where(eq(runArtifacts.runId, runId));
  return { files: existsSync(dir) ? readdirSync(dir) : [], artifacts: artifacts.length };
}

describe("s3:// locations for external runs", () => {
  it("downloads the prefix into the run's folder by a keyed job, then requests the evaluation", async () => {
    const runId = await finishedExternalRun("from s3");
    const attach = (location: string) => attachAdapter({ ctx, input: { runId, location } });
    await expect(attach("s3://another-bucket/runs/a")).rejects.toThrow(
      /must be in the project's bucket \(s3:\/\/tb-attach\//,
    );
    const first = await attach(`s3://${BUCKET}/runs/a/`);
    expect([first.layout, first.evaluation]).toEqual([null, null]);
    // Asking again for the same location lands on the same job.
    expect((await attach(`s3://${BUCKET}/runs/a`)).fetchJobId).toBe(first.fetchJobId);
    expect(existsSync(runWorkDir(runId))).toBe(false);

    await runFetchJob(first.fetchJobId!);
    const output = path.join(runWorkDir(runId), "output");
    expect(readdirSync(output).sort()).toEqual([
      "adapter_config.json",
      "adapter_model.safetensors",
    ]);
    const [artifact] = await t.db.select().from(runArtifacts).where(eq(runArtifacts.runId, runId));
    expect(artifact!.path).toBe(output);
    const [evaluate] = await t.db
      .select()
      .from(jobs)
      .where(eq(jobs.key, `evaluate:${runId}`));
    expect(evaluate!.kind).toBe("run.evaluate");
  });

  it("fails the job for good on a hostile, incomplete or empty prefix, leaving nothing", async () => {
    for (const [prefix, message] of [
      ["runs/hostile", /climbs out with '\.\.'/],
      ["runs/incomplete", /needs adapter_model\.safetensors/],
      ["runs/nothing-here", /holds no objects/],
    ] as const) {
      const runId = await finishedExternalRun(prefix);
      const { fetchJobId } = await attachAdapter({
        ctx,
        input: { runId, location: `s3://${BUCKET}/${prefix}` },
      });
      const failed = runFetchJob(fetchJobId!);
      await expect(failed).rejects.toThrow(PermanentJobError);
      await expect(failed).rejects.toThrow(message);
      expect(await leftBehind(runId)).toEqual({ files: [], artifacts: 0 });
    }
  });

  it("fetches a location again when asked after its job failed for good", async () => {
    const runId = await finishedExternalRun("fixed later");
    const location = `s3://${BUCKET}/runs/fixed`;
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "runs/fixed/adapter_config.json",
        Body: '{"peft_type": "LORA"}',
      }),
    );
    const first = await attachAdapter({ ctx, input: { runId, location } });
    await expect(runFetchJob(first.fetchJobId!)).rejects.toThrow(PermanentJobError);
    // What the job loop records for a PermanentJobError.
    await t.db
      .update(jobs)
      .set({ status: "failed", lastError: "needs adapter_model.safetensors" })
      .where(eq(jobs.id, first.fetchJobId!));
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "runs/fixed/adapter_model.safetensors",
        Body: SAFETENSORS,
      }),
    );
    const again = await attachAdapter({ ctx, input: { runId, location } });
    expect(again.fetchJobId).toBe(first.fetchJobId);
    const [job] = await t.db.select().from(jobs).where(eq(jobs.id, again.fetchJobId!));
    expect([job!.status, job!.attempts, job!.lastError]).toEqual(["queued", 0, null]);
    await runFetchJob(again.fetchJobId!);
    expect(await leftBehind(runId)).toEqual({ files: ["output"], artifacts: 1 });
  });
});
