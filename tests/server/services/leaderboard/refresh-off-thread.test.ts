import { performance } from "node:perf_hooks";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leaderboardRows } from "@/drizzle/schema";
import { type PairedSystem, pairedComparer, rowTests } from "@/evals";
import { closeStatsThread, refreshLeaderboard } from "@/server/services/leaderboard";
import { createTestDb } from "@/tests/helpers/db";
import { addEvaluation, type Fixture, makeExperiment } from "../runs-table/fixture";

const SAMPLES = 1_000;
const reference = (i: number) => `${(i % 28) + 1}/${(i % 12) + 1}/2024`;

/** Run k answers right with its own probability; wrong answers differ from the reference. */
function samplesOf(k: number) {
  return Array.from({ length: SAMPLES }, (_, i) => {
    const ok = (i * 7919 + k * 104_729) % 100 < 30 + ((k * 37) % 60);
    const output = ok ? reference(i) : `${(i % 28) + 2} ${(i % 12) + 1} 2024`;
    const chrf = ok ? 100 : 20 + ((i * 7) % 50);
    return { reference: reference(i), output, chrf, accuracy: ok ? 100 : 0 };
  });
}

let t: Awaited<ReturnType<typeof createTestDb>>;
let f: Fixture;
const systems = new Map<string, PairedSystem>();
beforeAll(async () => {
  t = await createTestDb();
  // 5 × 4 = 20 runs and the baseline, chrF (a corpus bootstrap) the primary metric: 39 tests.
  f = await makeExperiment(t.db, "off-thread", {
    learningRate: [1e-5, 3e-5, 1e-4, 3e-4, 1e-3],
    loraRank: [4, 8, 16, 32],
    epochs: [1],
  });
  for (const [k, runId] of [f.baselineId, ...f.runIds].entries()) {
    const samples = samplesOf(k);
    const e = await addEvaluation(t.db, f, runId, samples);
    systems.set(e.id, {
      outputs: samples.map((s) => s.output),
      sampleScores: samples.map((s) => s.chrf),
    });
  }
});
afterAll(async () => {
  await closeStatsThread();
  await t?.close();
});

describe("leaderboard.refresh off the main thread", () => {
  it("stores the inline p-values bit for bit while the main thread stays mostly idle", async () => {
    const start = performance.eventLoopUtilization();
    const summary = await refreshLeaderboard(t.db, f.experimentId);
    const refresh = performance.eventLoopUtilization(start);
    expect(summary.tests).toBe(2 * f.runIds.length - 1);

    // The same tests on the main thread, as the refresh ran them before: evals' comparer over
    // every evaluation, each system's statistics computed once.
    const rows = await t.db
      .select()
      .from(leaderboardRows)
      .where(eq(leaderboardRows.experimentId, f.experimentId));
    const references = [Array.from({ length: SAMPLES }, (_, i) => reference(i))];
    const inlineStart = performance.eventLoopUtilization();
    const compare = pairedComparer("chrf", (id) => systems.get(id)!, references);
    const inline = rows.map((r) => {
      const pairs = rowTests(r);
      return {
        vsBest: pairs.vsBest && compare(...pairs.vsBest),
        vsBaseline: pairs.vsBaseline && compare(...pairs.vsBaseline),
      };
    });
    const inlineCost = performance.eventLoopUtilization(inlineStart);

    expect(rows.map((r) => ({ vsBest: r.pValueVsBest, vsBaseline: r.pValueVsBaseline }))).toEqual(
      inline,
    );
    // Inline, the refresh's main thread did at least the tests' work; now it loads and stores.
    expect(refresh.active).toBeLessThan(inlineCost.active / 2);
  });
});
