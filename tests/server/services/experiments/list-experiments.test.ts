import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import type { CorpusScores } from "@/server/schemas/evaluations";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment, listExperiments } from "@/server/services/experiments";
import { listRuns } from "@/server/services/runs";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";

let t: TestDb;
let ctx: DomainCtx;
beforeAll(async () => {
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db);
});
afterAll(() => t?.close());

async function experiment(name: string, primaryMetric: "chrf" | "accuracy") {
  const { versionId } = await uploadDataset({
    ctx,
    input: { name, trainJsonl: toChatJsonl(dateExamples(20)) },
  });
  const exp = await createExperiment({
    ctx,
    input: {
      name,
      baseModel: tmpdir(),
      datasetVersionId: versionId,
      grid: { learningRate: [1e-4, 3e-4, 1e-3], loraRank: [4], epochs: [1] },
      evalSuite: { metrics: ["accuracy", "chrf"], primaryMetric },
    },
  });
  return { exp, runs: await listRuns({ ctx, input: { experimentId: exp.id } }) };
}

const scores = (accuracy: number, chrf: number): CorpusScores => ({
  accuracy: { score: accuracy, ci: [accuracy, accuracy] },
  chrf: { score: chrf, ci: [chrf, chrf] },
});

describe("listExperiments", () => {
  it("shows each experiment's best run on its own primary metric, beside the base model", async () => {
    const a = await experiment("by-chrf", "chrf");
    const b = await experiment("by-accuracy", "accuracy");
    const evaluate = (e: typeof a, index: number, s: ReturnType<typeof scores>) =>
      t.db.insert(evaluations).values({
        projectId: ctx.projectId!,
        experimentId: e.exp.id,
        runId: e.runs.find((r) => r.index === index)!.id,
        status: "completed",
        split: "eval",
        sampleCount: 4,
        scores: s,
      });
    await evaluate(a, 0, scores(0, 20));
    await evaluate(a, 1, scores(90, 60));
    await evaluate(a, 2, scores(40, 80)); // best on chrF, not on accuracy
    await evaluate(b, 1, scores(90, 60)); // best on accuracy; no baseline evaluated yet
    await evaluate(b, 3, scores(40, 80));

    const list = await listExperiments({ ctx });
    const byName = Object.fromEntries(list.map((e) => [e.name, e.best]));
    expect(byName["by-chrf"]).toEqual({
      runId: a.runs.find((r) => r.index === 2)!.id,
      runName: a.runs.find((r) => r.index === 2)!.name,
      score: 80,
      baseline: 20,
    });
    expect(byName["by-accuracy"]).toMatchObject({
      runId: b.runs.find((r) => r.index === 1)!.id,
      score: 90,
      baseline: null,
    });
  });

  it("has no best run before any run is evaluated", async () => {
    const c = await experiment("fresh", "chrf");
    const list = await listExperiments({ ctx });
    expect(list.find((e) => e.id === c.exp.id)!.best).toBeNull();
  });
});
