import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experiments, runs } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { appRouter } from "@/server/root";
import { uploadDataset } from "@/server/services/datasets";
import { api, apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";
import { storedPoints } from "@/tests/helpers/metrics";

// Issue #12, finding 5: numbers had no upper bounds. `time: 1e300` on metric ingestion was a 500,
// and a grid of learning rate 1e300, rank 2^53-1, 1e9 epochs or batch size 1e9 was queued. Every
// number input now has a sane range with a message that names it.

let t: TestDb;
let restore: () => void;
let token: string;
let ctx: Ctx;
let versionId: string;
let runId: string;

const experiment = (patch: Record<string, unknown> = {}) => ({
  name: "bounded",
  baseModel: "tiny",
  datasetVersionId: versionId,
  grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
  evalSuite: { metrics: ["chrf"], primaryMetric: "chrf" },
  ...patch,
});

beforeAll(async () => {
  t = await createTestDb();
  restore = useApi(t.db);
  ctx = await createTestCtx(t.db, { role: "admin" });
  token = await apiToken(t.db, "member", ["read", "write"], ctx.projectId!);
  const ds = await uploadDataset({
    ctx,
    input: { name: "dates", trainJsonl: toChatJsonl(dateExamples(12)) },
  });
  versionId = ds.versionId;
  const created = await api<{ runIds: string[] }>("POST", "/experiments", {
    token,
    body: experiment(),
  });
  runId = created.body.runIds[0]!;
});
afterAll(async () => {
  restore?.();
  await t?.close();
});

describe("number bounds", () => {
  it.each([
    ["learning rate 1e300", { learningRate: [1e300], loraRank: [4], epochs: [1] }, /at most 1/],
    ["learning rate 0", { learningRate: [0], loraRank: [4], epochs: [1] }, /positive/],
    [
      "rank 2^53-1",
      { learningRate: [1e-4], loraRank: [2 ** 53 - 1], epochs: [1] },
      /LoRA rank must be at most 1,024/,
    ],
    [
      "1e9 epochs",
      { learningRate: [1e-4], loraRank: [4], epochs: [1e9] },
      /epochs must be at most 1,000/,
    ],
    [
      "batch size 1e9 in the grid",
      { learningRate: [1e-4], loraRank: [4], epochs: [1], batchSize: [1e9] },
      /batch size must be at most 512/,
    ],
  ])("refuses a grid with %s, and queues nothing", async (_, grid, why) => {
    const [experimentsBefore, runsBefore] = [
      await t.db.$count(experiments),
      await t.db.$count(runs),
    ];
    const res = await api<{ error: { message: string } }>("POST", "/experiments", {
      token,
      body: experiment({ grid }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(why);
    expect(await t.db.$count(experiments)).toBe(experimentsBefore);
    expect(await t.db.$count(runs)).toBe(runsBefore);
  });

  it.each([
    ["batch size", { batchSize: 1e9 }, /batch size must be at most 512/],
    ["seed", { seed: 2 ** 40 }, /seed must be at most 2,147,483,647/],
    ["warmup steps", { warmupSteps: 1e12 }, /warmup steps must be at most/],
    ["gradient accumulation", { gradAccum: 1e6 }, /gradient accumulation must be at most/],
    ["max steps", { maxSteps: 2 ** 53 }, /max steps must be at most/],
  ])("refuses training settings with a huge %s", async (_, training, why) => {
    const res = await api<{ error: { message: string } }>("POST", "/experiments", {
      token,
      body: experiment({ training }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(why);
  });

  it("refuses a grid of more runs than an experiment may have", async () => {
    const many = Array.from({ length: 20 }, (_, i) => 1e-5 * (i + 1));
    const res = await api<{ error: { message: string } }>("POST", "/experiments", {
      token,
      body: experiment({
        grid: { learningRate: many, loraRank: many.map((_, i) => i + 1), epochs: [1, 2, 3] },
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/1200 runs; the limit is/);
  });

  it.each([
    ["1e300 seconds", 1e300],
    ["-1e300 seconds", -1e300],
    ["1970", 1],
    ["the year 2200", 7_258_118_400],
    ["an ISO date in 1800", "1800-01-01T00:00:00Z"],
  ])("metric ingestion refuses a time of %s with a 400, storing nothing", async (_, time) => {
    const before = (await storedPoints(t.db)).length;
    const res = await api<{ error: { issues: { path: string }[] } }>(
      "POST",
      `/runs/${runId}/metrics`,
      { token, body: { points: [{ name: "loss", step: 1, value: 1, time }] } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]!.path).toMatch(/^points\.0\.time/);
    expect(await storedPoints(t.db)).toHaveLength(before);
  });

  it("metric ingestion accepts a time inside 2000–2100 and refuses infinite values", async () => {
    const ok = await api("POST", `/runs/${runId}/metrics`, {
      token,
      body: { points: [{ name: "loss", step: 1, value: 1, time: 1_764_000_000 }] },
    });
    expect(ok.status).toBe(200);
    const bad = await api("POST", `/runs/${runId}/metrics`, {
      token,
      rawBody: '{"points":[{"name":"loss","step":2,"value":1e999}]}',
    });
    expect(bad.status).toBe(400);
  });

  it("refuses a checkpoint step, a page offset and a stream cursor past their ranges", async () => {
    const caller = appRouter.createCaller(ctx);
    await expect(caller.checkpoints.evaluate({ runId, step: 2 ** 40 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.runs.table({ experimentId: "x", offset: 2 ** 60 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const { GET } = await import("@/app/api/runs/stream/route");
    const res = await GET(
      new Request(
        `http://localhost/api/runs/stream?runIds=${runId}&names=loss&after=${runId}:${2 ** 40}`,
        { headers: { authorization: `Bearer ${token}` } },
      ),
    );
    expect(res.status).toBe(400);
  });
});
