import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hookDeliveries } from "@/drizzle/schema";
import { handleSageMakerHook } from "@/server/services/hooks";
import { rotateSecret } from "@/server/services/settings";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { hookFixture } from "@/tests/server/services/hooks/helpers";

// Issue #12, finding 7: a SageMaker state-change event without `time` skipped the age check, so
// a captured event with its time removed could be replayed forever. No time (or one that does not
// parse) now counts as stale: 401, like an event older than EventBridge's 24-hour retry window.

let t: TestDb;
let fx: Awaited<ReturnType<typeof hookFixture>>;
let secret: string;

beforeAll(async () => {
  t = await createTestDb();
  fx = await hookFixture(t.db);
  secret = (await rotateSecret(t.db, fx.projectId, "hooks.sagemaker")).secret;
});
afterAll(() => t?.close());

const event = (time: unknown) =>
  JSON.stringify({
    version: "0",
    id: randomUUID(),
    "detail-type": "SageMaker Training Job State Change",
    source: "aws.sagemaker",
    ...(time === undefined ? {} : { time }),
    detail: {
      TrainingJobName: `tunebench-${fx.runIds[0]}`,
      TrainingJobStatus: "InProgress",
      SecondaryStatus: "Training",
      LastModifiedTime: String(Date.now() + Math.random()),
    },
  });
const post = (body: string) =>
  handleSageMakerHook(
    t.db,
    new Request("http://localhost/api/hooks/sagemaker/p", {
      method: "POST",
      headers: { "content-type": "application/json", "x-tunebench-hook-secret": secret },
      body,
    }),
    fx.projectId,
  );

describe("SageMaker event age", () => {
  it.each([
    ["no time", undefined],
    ["a time that is not a date", "yesterday-ish"],
    ["a time 25 hours old", new Date(Date.now() - 25 * 3600_000).toISOString()],
  ])("refuses an event with %s as stale, recording nothing", async (_, time) => {
    const before = await t.db.$count(hookDeliveries);
    const res = await post(event(time));
    expect(res.status).toBe(401);
    expect(await t.db.$count(hookDeliveries)).toBe(before);
  });

  it("accepts a fresh event", async () => {
    const res = await post(event(new Date().toISOString()));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "progress" });
  });
});
