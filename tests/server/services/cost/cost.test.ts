import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/drizzle/schema";
import { IngestMetricsRequest } from "@/server/schemas/ingest";
import {
  costOfRun,
  gpuHourUsd,
  recordEvaluationUsage,
  refreshRunCosts,
} from "@/server/services/cost";
import { ingestMetrics } from "@/server/services/ingest";
import { withPareto } from "@/server/services/leaderboard/cost-pareto";
import { refreshRunSummaries } from "@/server/services/runs-table/summary";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { type Fixture, makeExperiment } from "../runs-table/fixture";

const facts = {
  backend: "local",
  device: "cuda",
  isBaseline: false,
  startedAt: new Date(0),
  finishedAt: new Date(90 * 60_000),
  reportedTrainingUsd: null,
  evaluationUsd: null,
  judgeUsd: null,
};

describe("costOfRun", () => {
  it("prices local GPU wall-clock time at the hourly rate", () => {
    expect(costOfRun(facts, 2)).toEqual({
      usd: 3,
      parts: { training: 3, evaluation: null, judge: null },
    });
  });
  it("prefers the backend's reported figure and adds token spend", () => {
    expect(
      costOfRun(
        {
          ...facts,
          backend: "openai",
          reportedTrainingUsd: 1.25,
          evaluationUsd: 0.5,
          judgeUsd: 0.25,
        },
        2,
      ),
    ).toEqual({ usd: 2, parts: { training: 1.25, evaluation: 0.5, judge: 0.25 } });
  });
  it("charges no GPU for CPU runs and no training for the baseline; unknown stays null", () => {
    expect(costOfRun({ ...facts, device: "cpu" }, 2).usd).toBe(0);
    expect(costOfRun({ ...facts, isBaseline: true, startedAt: null }, 2).parts.training).toBe(0);
    expect(costOfRun({ ...facts, backend: "sagemaker" }, 2)).toEqual({
      usd: null,
      parts: { training: null, evaluation: null, judge: null },
    });
  });
  it("reads the rate from TUNEBENCH_GPU_HOUR_USD and rejects nonsense", () => {
    expect(gpuHourUsd({})).toBe(1);
    expect(gpuHourUsd({ TUNEBENCH_GPU_HOUR_USD: "2.5" })).toBe(2.5);
    expect(() => gpuHourUsd({ TUNEBENCH_GPU_HOUR_USD: "cheap" })).toThrow(/TUNEBENCH_GPU_HOUR_USD/);
  });
});

describe("withPareto", () => {
  it("puts runs nobody beats on both quality and cost on the front", () => {
    const row = (runId: string, score: number | null, usd: number | null) => ({
      runId,
      primary: score === null ? null : { score },
      cost: usd === null ? null : { usd, parts: { training: usd, evaluation: null, judge: null } },
      pareto: null,
    });
    const out = withPareto([
      row("cheap", 50, 1),
      row("good", 70, 5),
      row("worse", 60, 6),
      row("unknown", 80, null),
    ]);
    expect(out.map((r) => [r.runId, r.pareto])).toEqual([
      ["cheap", { layer: 1, onFront: true }],
      ["good", { layer: 1, onFront: true }],
      ["worse", { layer: 2, onFront: false }],
      ["unknown", null],
    ]);
  });
});

describe("stored cost", () => {
  let t: TestDb;
  let f: Fixture;
  beforeAll(async () => {
    t = await createTestDb();
    f = await makeExperiment(t.db);
  });
  afterAll(() => t?.close());

  it("is computed from run times, a reported cost/usd metric and evaluation usage", async () => {
    const [local, reported] = f.runIds;
    await t.db
      .update(runs)
      .set({
        status: "succeeded",
        device: "cuda",
        startedAt: new Date(0),
        finishedAt: new Date(3_600_000),
      })
      .where(eq(runs.id, local!));
    await t.db
      .update(runs)
      .set({ status: "succeeded", device: "cuda" })
      .where(eq(runs.id, reported!));
    await ingestMetrics({
      ctx: f.ctx,
      input: {
        runId: reported!,
        ...IngestMetricsRequest.parse({ points: [{ name: "cost/usd", step: 10, value: 4.5 }] }),
      },
    });
    await refreshRunSummaries(t.db, [reported!]);
    await refreshRunCosts(t.db, [local!, reported!, f.runIds[2]!]);
    await recordEvaluationUsage(t.db, {
      runId: reported!,
      kind: "judge",
      inputTokens: 1000,
      outputTokens: 10,
      usd: 0.25,
    });
    await recordEvaluationUsage(t.db, {
      runId: reported!,
      kind: "judge",
      inputTokens: 1000,
      outputTokens: 10,
      usd: 0.25,
    });
    const costs = new Map(
      (await t.db.select({ id: runs.id, cost: runs.cost }).from(runs)).map((r) => [r.id, r.cost]),
    );
    expect(costs.get(local!)).toEqual({
      usd: 1,
      parts: { training: 1, evaluation: null, judge: null },
    });
    expect(costs.get(reported!)).toEqual({
      usd: 5,
      parts: { training: 4.5, evaluation: null, judge: 0.5 },
    });
    expect(costs.get(f.runIds[2]!)).toBeNull(); // still queued: no cost yet
  });
});
