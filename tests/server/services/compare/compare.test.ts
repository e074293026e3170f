import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCompare, getCompareSamples } from "@/server/services/compare";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { addEvaluation, type Fixture, makeExperiment } from "../runs-table/fixture";

let t: TestDb;
let f: Fixture;
const N = 40;
const refs = Array.from({ length: N }, (_, i) => `${i + 1} March 2024`);
beforeAll(async () => {
  t = await createTestDb();
  f = await makeExperiment(t.db);
  // A: all right. B: wrong on items 0-19 (item 3 is B's worst), right after. C: like A.
  await addEvaluation(
    t.db,
    f,
    f.runIds[0]!,
    refs.map((r) => ({ reference: r, output: r, chrf: 100, accuracy: 100 })),
  );
  await addEvaluation(
    t.db,
    f,
    f.runIds[1]!,
    refs.map((r, i) =>
      i < 20
        ? { reference: r, output: "no idea", chrf: i === 3 ? 0 : 10, accuracy: 0 }
        : { reference: r, output: r, chrf: 100, accuracy: 100 },
    ),
  );
  await addEvaluation(
    t.db,
    f,
    f.runIds[2]!,
    refs.map((r, i) =>
      i === 39
        ? { reference: r, output: "x", chrf: 5, accuracy: 0 }
        : { reference: r, output: r, chrf: 100, accuracy: 100 },
    ),
  );
});
afterAll(() => t?.close());

describe("compare.get", () => {
  it("diffs configs and tests every metric against the baseline on paired items", async () => {
    const out = await getCompare({
      ctx: f.ctx,
      input: { runIds: f.runIds.slice(0, 3), baselineRunId: f.runIds[0]! },
    });
    expect(out.runs.map((r) => r.id)).toEqual(f.runIds.slice(0, 3));
    const lr = out.configDiff.find((d) => d.key === "training.learningRate")!;
    expect(lr.values).toHaveLength(3);
    expect(out.configDiff.find((d) => d.key === "lora.r")!.differs).toBe(true); // runs 0 and 1 differ in rank
    expect(out.configDiff.find((d) => d.key === "baseModel")!.differs).toBe(false);
    const acc = out.metrics.find((m) => m.metric === "accuracy")!;
    const [base, b, c] = acc.perRun;
    expect(base).toEqual({ runId: f.runIds[0], score: 100, ci: null });
    expect(b).toMatchObject({ runId: f.runIds[1], score: 50, delta: -50, significant: true });
    expect(b!.pValue!).toBeLessThan(0.05);
    expect(c).toMatchObject({ significant: false }); // one item of 40 is no evidence
    expect(out.metrics.find((m) => m.metric === "chrf")!.perRun[1]!.pValue).toBeLessThan(0.05);
  });

  it("needs the baseline among the runs", async () => {
    await expect(
      getCompare({
        ctx: f.ctx,
        input: { runIds: f.runIds.slice(0, 2), baselineRunId: f.runIds[3]! },
      }),
    ).rejects.toThrow(/baselineRunId/);
  });
});

describe("compare.samples", () => {
  const samples = (input: Record<string, unknown> = {}) =>
    getCompareSamples({
      ctx: f.ctx,
      input: { runIds: [f.runIds[0]!, f.runIds[1]!], offset: 0, limit: 5, ...input },
    });

  it("aligns outputs by item, biggest regression first, with counts", async () => {
    const out = await samples();
    expect(out.metric).toBe("chrf");
    expect(out.total).toBe(N);
    expect(out.counts).toEqual({ aBetter: 20, bBetter: 0, tie: 20, bothWrong: 0 });
    expect(out.rows[0]).toEqual({
      idx: 3,
      prompt: "p3",
      reference: refs[3],
      outputs: [
        { runId: f.runIds[0], output: refs[3], score: 100 },
        { runId: f.runIds[1], output: "no idea", score: 0 },
      ],
      delta: -100,
    });
    expect(out.rows.slice(1).map((r) => r.delta)).toEqual([-90, -90, -90, -90]);
  });

  it("filters by who is better, both wrong, and text; pages in index order", async () => {
    expect((await samples({ filter: "a_better", limit: 100 })).total).toBe(20);
    expect((await samples({ filter: "b_better" })).total).toBe(0);
    const reversed = await getCompareSamples({
      ctx: f.ctx,
      input: { runIds: [f.runIds[1]!, f.runIds[2]!], filter: "both_wrong", offset: 0, limit: 10 },
    });
    expect(reversed.rows.map((r) => r.idx)).toEqual([]); // C is right wherever B is wrong
    expect((await samples({ search: "12 march" })).rows.map((r) => r.idx)).toEqual([11]);
    const page2 = await samples({ sort: "index", offset: 5, limit: 3 });
    expect(page2.rows.map((r) => r.idx)).toEqual([5, 6, 7]);
    expect((await samples({ metric: "accuracy" })).rows[0]!.delta).toBe(-100);
  });

  it("refuses a run without an evaluation", async () => {
    await expect(
      getCompareSamples({ ctx: f.ctx, input: { runIds: [f.runIds[0]!, f.runIds[3]!] } }),
    ).rejects.toThrow(/no completed evaluation/);
  });
});

describe("compare.samples with human review", () => {
  it("shows the reviewers' verdict on an item, from the first run's side", async () => {
    const { createCaller } = await import("@/server/root");
    const { createTestCtx } = await import("@/tests/helpers/ctx");
    const member = await createTestCtx(t.db, { role: "member", projectId: f.ctx.projectId! });
    const reviewer = await createTestCtx(t.db, { role: "reviewer", projectId: f.ctx.projectId! });
    const { id: campaignId } = await createCaller(member).reviews.create({
      experimentId: f.experimentId,
      name: "a vs b",
      mode: "pairwise",
      runIds: [f.runIds[0]!, f.runIds[1]!],
      sampleSize: N,
      sampling: { kind: "random", seed: 1 },
      reviewersPerItem: 1,
      guidelines: "",
      reviewerIds: [reviewer.user!.id],
    });
    // The reviewer prefers whichever side shows the right answer (A = runIds[0] is always right).
    const api = createCaller(reviewer).reviews;
    let item = await api.next({ campaignId });
    while (item) {
      const right = item.outputs.findIndex((o) => o.text === item!.reference);
      const wrong = item.outputs.findIndex((o) => o.text !== item!.reference);
      item = await api.vote({
        slot: item.slot,
        pairwise: { choice: wrong < 0 ? "tie" : right === 0 ? "A" : "B" },
      });
    }
    const out = await getCompareSamples({
      ctx: f.ctx,
      input: { runIds: [f.runIds[0]!, f.runIds[1]!], offset: 0, limit: N, sort: "index" },
    });
    expect(out.rows[3]!.review).toEqual({ verdict: "a_better", votes: 1 }); // B wrong there
    expect(out.rows[30]!.review).toEqual({ verdict: "tie", votes: 1 }); // both right
    const flipped = await getCompareSamples({
      ctx: f.ctx,
      input: { runIds: [f.runIds[1]!, f.runIds[0]!], offset: 0, limit: N, sort: "index" },
    });
    expect(flipped.rows[3]!.review).toEqual({ verdict: "b_better", votes: 1 });
  });
});
