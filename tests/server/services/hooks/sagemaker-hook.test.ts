import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hookDeliveries, runs } from "@/drizzle/schema";
import { handleSageMakerHook } from "@/server/services/hooks";
import { projectBackend, rotateSecret, updateSettings } from "@/server/services/settings";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type FakeSageMaker, startFakeSageMaker } from "@/tests/trainers/sagemaker/fake-sagemaker";
import { runSpec } from "@/tests/trainers/sagemaker/helpers";
import { evaluationJobs, hookFixture } from "./helpers";

// "SageMaker Training Job State Change" events as an EventBridge API destination posts them (the
// connection adds the secret header); the job itself lives in the stateful SageMaker fake.
let t: TestDb;
let fake: FakeSageMaker;
let fx: Awaited<ReturnType<typeof hookFixture>>;
let secret: string;
const jobOf = new Map<string, string>();

beforeAll(async () => {
  for (const k of [
    "TUNEBENCH_SAGEMAKER_ROLE_ARN",
    "TUNEBENCH_SAGEMAKER_BUCKET",
    "TUNEBENCH_SAGEMAKER_REGION",
  ])
    delete process.env[k];
  fake = await startFakeSageMaker();
  Object.assign(process.env, {
    TUNEBENCH_SAGEMAKER_ENDPOINT_URL: fake.url,
    TUNEBENCH_SAGEMAKER_POLL_MS: "0",
    TUNEBENCH_HOOK_FETCH_WAIT_MS: "0",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
  });
  t = await createTestDb();
  fx = await hookFixture(t.db, { runCount: 3 });
  await updateSettings(t.db, fx.projectId, null, {
    sagemaker: {
      roleArn: "arn:aws:iam::123456789012:role/SageMakerRole",
      bucket: "tb-bucket",
      region: "us-east-1",
    },
  });
  secret = (await rotateSecret(t.db, fx.projectId, "hooks.sagemaker")).secret;
  const backend = await projectBackend(t.db, fx.projectId, "sagemaker");
  for (const runId of fx.runIds) {
    const ref = await backend.submit(runSpec(), { runId, workDir: "/tmp/unused" });
    await t.db
      .update(runs)
      .set({ status: "submitted", externalRef: ref })
      .where(eq(runs.id, runId));
    jobOf.set(runId, ref.id);
  }
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

function stateChange(
  jobName: string,
  status: string,
  secondary = status,
  lastModified = Date.now(),
  time = new Date(),
) {
  return JSON.stringify({
    version: "0",
    id: randomUUID(),
    "detail-type": "SageMaker Training Job State Change",
    source: "aws.sagemaker",
    account: "123456789012",
    time: time.toISOString(),
    region: "us-east-1",
    resources: [`arn:aws:sagemaker:us-east-1:123456789012:training-job/${jobName}`],
    detail: {
      TrainingJobName: jobName,
      TrainingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${jobName}`,
      TrainingJobStatus: status,
      SecondaryStatus: secondary,
      LastModifiedTime: String(lastModified),
      Tags: {},
    },
  });
}
const post = (body: string, header: string | null = secret, project = fx.projectId) =>
  handleSageMakerHook(
    t.db,
    new Request("http://localhost/api/hooks/sagemaker/p", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(header === null ? {} : { "x-tunebench-hook-secret": header }),
      },
      body,
    }),
    project,
  );

describe("SageMaker EventBridge hook", () => {
  it("Completed re-describes the job, completes the run and starts one evaluation despite duplicate events", async () => {
    const runId = fx.runIds[0]!;
    const name = jobOf.get(runId)!;
    fake.transition(name, "Completed", "Completed", "Training job completed", {
      BillableTimeInSeconds: 120,
      TrainingTimeInSeconds: 120,
    });
    const modified = Date.now();
    const body = stateChange(name, "Completed", "Completed", modified);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "accepted", status: "succeeded" });
    const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe("succeeded");
    // EventBridge retries the same event; SageMaker may send the same change as a new event.
    expect(await (await post(body)).json()).toMatchObject({ outcome: "duplicate" });
    expect(
      await (await post(stateChange(name, "Completed", "Completed", modified))).json(),
    ).toMatchObject({ outcome: "duplicate" });
    expect((await evaluationJobs(t.db)).get(runId)).toBe(1);
    expect(
      await t.db.select().from(hookDeliveries).where(eq(hookDeliveries.runId, runId)),
    ).toHaveLength(1);
  });

  it("records an InProgress change without touching the run", async () => {
    const runId = fx.runIds[1]!;
    const res = await post(stateChange(jobOf.get(runId)!, "InProgress", "Training"));
    expect(await res.json()).toMatchObject({ outcome: "progress" });
    const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe("submitted");
  });

  it("Failed marks the run failed with SageMaker's FailureReason and starts no evaluation", async () => {
    const runId = fx.runIds[1]!;
    const name = jobOf.get(runId)!;
    fake.transition(name, "Failed", "Failed", "Training job failed", {
      FailureReason: "AlgorithmError: CUDA out of memory",
    });
    expect((await post(stateChange(name, "Failed"))).status).toBe(200);
    const [run] = await t.db.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe("failed");
    expect(run!.error).toContain("CUDA out of memory");
    expect((await evaluationJobs(t.db)).get(runId)).toBeUndefined();
  });

  it("answers 401 without the secret header, with a wrong one, or for a stale event, and changes nothing", async () => {
    const runId = fx.runIds[2]!;
    const body = stateChange(jobOf.get(runId)!, "Completed");
    expect((await post(body, null)).status).toBe(401);
    const res = await post(body, `${secret}x`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized" });
    expect((await post(body, secret.slice(0, -1))).status).toBe(401);
    // EventBridge gives up on an event after 24 hours: an older one is a replay.
    expect(
      (
        await post(
          stateChange(
            jobOf.get(runId)!,
            "Completed",
            "Completed",
            Date.now(),
            new Date(Date.now() - 25 * 3600_000),
          ),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await post(
          stateChange(
            jobOf.get(runId)!,
            "Completed",
            "Completed",
            Date.now(),
            new Date(Date.now() + 10 * 60_000),
          ),
        )
      ).status,
    ).toBe(401);
    expect(
      await t.db.select().from(hookDeliveries).where(eq(hookDeliveries.runId, runId)),
    ).toHaveLength(0);
  });

  it("answers 404 for a job no run of this project has, or an unknown project; 413 when oversized", async () => {
    const res = await post(stateChange("someone-elses-job", "Completed"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not found" });
    expect(
      (await post(stateChange(jobOf.get(fx.runIds[2]!)!, "Completed"), secret, "no-such-project"))
        .status,
    ).toBe(404);
    const big = stateChange(jobOf.get(fx.runIds[2]!)!, "Completed").replace(
      '"Tags":{}',
      `"Tags":{"pad":"${"x".repeat(1024 * 1024)}"}`,
    );
    expect((await post(big)).status).toBe(413);
  });
});
