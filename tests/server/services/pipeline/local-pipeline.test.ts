import { readFileSync } from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { evaluationSamples, evaluations, runs } from "@/drizzle/schema";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { getLeaderboard } from "@/server/services/leaderboard";
import { getRunMetrics, getRunSamples } from "@/server/services/runs";
import { runWorkDir } from "@/server/services/runs/work-dir";
import { dateExamples, toChatJsonl } from "@/tests/helpers/domain";
import { storedPoints } from "@/tests/helpers/metrics";
import { pipelineFixture, waitFor } from "@/tests/helpers/pipeline";
import { tinyModelDir } from "@/tests/helpers/tiny-model";

// The whole spine on the real local backend: the Python worker trains a tiny model for each grid
// point, the evaluation job generates and scores, the leaderboard ranks.
const p = pipelineFixture();

describe("local backend: experiment → train → evaluate → leaderboard", () => {
  it("trains every grid point, evaluates each run and the baseline once, and ranks them", {
    timeout: 900_000,
  }, async () => {
    const { t, ctx } = p;
    const model = tinyModelDir();
    const ds = await uploadDataset({
      ctx,
      input: {
        name: "dates",
        trainJsonl: toChatJsonl(dateExamples(24)),
        evalJsonl: toChatJsonl(dateExamples(6, 100)),
      },
    });
    const exp = await createExperiment({
      ctx,
      input: {
        name: "tiny",
        baseModel: model,
        datasetVersionId: ds.versionId,
        grid: { learningRate: [1e-3, 5e-3], loraRank: [4], epochs: [1] },
        training: { batchSize: 8, maxSeqLen: 64, device: "cpu" },
        evalSuite: {
          metrics: ["accuracy", "chrf", "bleu"],
          primaryMetric: "chrf",
          generation: { maxNewTokens: 8 },
        },
      },
    });
    expect(exp.runCount).toBe(2);
    p.startJobs();
    const all = () => t.db.select().from(runs).where(eq(runs.experimentId, exp.id));
    await waitFor(
      async () =>
        (await all()).every((r) => ["evaluated", "failed", "cancelled"].includes(r.status)),
      800_000,
    );

    const finished = await all();
    expect(finished.map((r) => [r.index, r.status, r.error])).toEqual(
      expect.arrayContaining([
        [0, "evaluated", null],
        [1, "evaluated", null],
        [2, "evaluated", null],
      ]),
    );
    for (const run of finished.filter((r) => !r.isBaseline)) {
      // 24 examples at batch 8, one epoch: 3 optimizer steps, one loss point each, none twice.
      const loss = (await storedPoints(t.db, run.id)).filter((p) => p.name === "train/loss");
      expect(loss.map((p) => p.step)).toEqual([1, 2, 3]);
      expect(run.totalSteps).toBe(3);
      const series = await getRunMetrics({ ctx, input: { runId: run.id, names: ["train/loss"] } });
      expect(series.series[0]!.points.map((p) => p.step)).toEqual([1, 2, 3]);
      // The run keeps the highest peak memory its worker reported (its own stdout, read here).
      const peaks = readFileSync(path.join(runWorkDir(run.id), "events.jsonl"), "utf8")
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { type: string; peak_mem_bytes?: number })
        .flatMap((e) => (e.type === "progress" && e.peak_mem_bytes ? [e.peak_mem_bytes] : []));
      expect(peaks.length).toBeGreaterThan(0);
      expect(run.peakMemBytes).toBe(Math.max(...peaks));
    }
    const evals = await t.db.select().from(evaluations).where(eq(evaluations.experimentId, exp.id));
    expect(evals).toHaveLength(3);
    for (const e of evals) {
      expect(
        (
          await t.db
            .select({ n: count() })
            .from(evaluationSamples)
            .where(eq(evaluationSamples.evaluationId, e.id))
        )[0]!.n,
      ).toBe(6);
      const scores = e.scores;
      expect(Object.keys(scores).sort()).toEqual(["accuracy", "bleu", "chrf"]);
      expect(scores.chrf!.ci![0]).toBeLessThanOrEqual(scores.chrf!.score);
    }
    const samples = await getRunSamples({ ctx, input: { runId: finished[1]!.id } });
    expect(samples.samples[0]!.reference).toBe(dateExamples(1, 100)[0]!.completion);

    const board = await getLeaderboard({ ctx, input: { experimentId: exp.id } });
    expect(board.rows).toHaveLength(3);
    const ranked = board.rows.filter((r) => !r.isBaseline);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2]);
    expect(ranked[0]!.primary!.score).toBeGreaterThanOrEqual(ranked[1]!.primary!.score);
    expect(ranked[0]!.tiedWithBest).toBe(true);
    // Memory next to cost: each trained run's own peak, none for the baseline (it trains nothing).
    for (const row of board.rows)
      expect(row.peakMemBytes).toBe(finished.find((r) => r.id === row.runId)!.peakMemBytes);
    expect(ranked.every((r) => (r.peakMemBytes ?? 0) > 0)).toBe(true);
    expect(board.rows.find((r) => r.isBaseline)!.peakMemBytes).toBeNull();
    expect(board.rows.find((r) => r.isBaseline)!.rank).toBeNull();
  });
});
