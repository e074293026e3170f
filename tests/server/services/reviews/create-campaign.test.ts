import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewItems, reviewSlots } from "@/drizzle/schema";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { type PoolSample, planItems } from "@/server/services/reviews/sample-items";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { RUBRIC, type Seeded, seedExperiment } from "./fixtures";

const pool = (n: number): PoolSample[] =>
  Array.from({ length: n }, (_, i) => ({
    idx: i,
    referenceLength: i,
    baselineCorrect: i % 4 === 0,
  }));
const random = (seed: number) => ({ kind: "random" as const, seed });

describe("planItems (sampling and pairing)", () => {
  it("is deterministic in the seed and changes with it", () => {
    const opts = {
      pool: pool(100),
      runIds: ["a", "b", "c"],
      mode: "pairwise" as const,
      sampleSize: 20,
      pairing: "all" as const,
    };
    const one = planItems({ ...opts, sampling: random(7) });
    expect(planItems({ ...opts, sampling: random(7) })).toEqual(one);
    expect(planItems({ ...opts, sampling: random(8) }).sampleIdxs).not.toEqual(one.sampleIdxs);
    expect(new Set(one.sampleIdxs).size).toBe(20);
  });

  it("puts every pair on every input with 'all', one pair per input with 'balanced'", () => {
    const base = {
      pool: pool(30),
      runIds: ["a", "b", "c", "d"],
      mode: "pairwise" as const,
      sampleSize: 12,
      sampling: random(1),
    };
    const all = planItems({ ...base, pairing: "all" });
    expect(all.items).toHaveLength(12 * 6);
    const pair = (i: { runA: string; runB: string | null }) => [i.runA, i.runB].sort().join("");
    for (const idx of all.sampleIdxs)
      expect(
        all.items
          .filter((i) => i.sampleIdx === idx)
          .map(pair)
          .sort(),
      ).toEqual(["ab", "ac", "ad", "bc", "bd", "cd"]);
    // Orientation (which run is "a") is mixed, not always the first chosen run.
    expect(all.items.filter((i) => i.runA > i.runB!).length).toBeGreaterThan(10);
    const balanced = planItems({ ...base, pairing: "balanced" });
    expect(balanced.items).toHaveLength(12);
    const perPair = new Map<string, number>();
    for (const i of balanced.items) perPair.set(pair(i), (perPair.get(pair(i)) ?? 0) + 1);
    expect([...perPair.values()]).toEqual([2, 2, 2, 2, 2, 2]); // 12 inputs over 6 pairs
    expect(balanced.items.map((i) => i.position).sort((a, b) => a - b)).toEqual([
      ...Array(12).keys(),
    ]);
  });

  it("gives rubric mode one item per (sample, run)", () => {
    const { items } = planItems({
      pool: pool(10),
      runIds: ["a", "b"],
      mode: "rubric",
      sampleSize: 5,
      sampling: random(3),
      pairing: "all",
    });
    expect(items).toHaveLength(10);
    expect(items.every((i) => i.runB === null)).toBe(true);
  });

  it("allocates stratified samples in proportion to the strata", () => {
    // 25 of 100 samples are baseline-correct: a sample of 20 takes 5 of them and 15 of the rest.
    const p = pool(100);
    const { sampleIdxs } = planItems({
      pool: p,
      runIds: ["a"],
      mode: "rubric",
      sampleSize: 20,
      sampling: { kind: "stratified", seed: 5, stratifyBy: "baseline-correct" },
      pairing: "all",
    });
    expect(sampleIdxs.filter((i) => i % 4 === 0)).toHaveLength(5);
    // Reference-length quartiles: 5 from each quarter of lengths.
    const byLength = planItems({
      pool: p,
      runIds: ["a"],
      mode: "rubric",
      sampleSize: 20,
      sampling: { kind: "stratified", seed: 5, stratifyBy: "reference-length" },
      pairing: "all",
    });
    for (let q = 0; q < 4; q++)
      expect(byLength.sampleIdxs.filter((i) => Math.floor(i / 25) === q)).toHaveLength(5);
  });

  it("refuses a sample larger than the shared samples", () => {
    expect(() =>
      planItems({
        pool: pool(5),
        runIds: ["a"],
        mode: "rubric",
        sampleSize: 6,
        sampling: random(1),
        pairing: "all",
      }),
    ).toThrow(/at most 5/);
  });
});

describe("reviews.create", () => {
  let t: TestDb;
  let member: Ctx, reviewer: Ctx, outsiderReviewer: Ctx;
  let seeded: Seeded, other: Seeded;
  beforeAll(async () => {
    t = await createTestDb();
    member = await createTestCtx(t.db, { role: "member" });
    reviewer = await createTestCtx(t.db, { role: "reviewer" });
    outsiderReviewer = await createTestCtx(t.db, { role: null });
    const scores = (f: (i: number) => number) => Array.from({ length: 20 }, (_, i) => f(i));
    seeded = await seedExperiment(t.db, member.projectId!, [
      { name: "baseline", isBaseline: true, scores: scores(() => 0) },
      { name: "good", scores: scores(() => 100) },
      { name: "mid", scores: scores((i) => (i % 2 ? 100 : 0)) },
      { name: "bad", scores: scores((i) => (i % 5 ? 0 : 100)) },
      { name: "untrained", scores: [], evaluated: false },
    ]);
    other = await seedExperiment(t.db, member.projectId!, [
      { name: "elsewhere", scores: scores(() => 100) },
    ]);
  });
  afterAll(() => t.close());

  const input = (over: Record<string, unknown> = {}) => ({
    experimentId: seeded.experimentId,
    name: "c",
    mode: "pairwise" as const,
    runIds: [seeded.runIds[1]!, seeded.runIds[2]!],
    sampleSize: 8,
    sampling: { kind: "random" as const, seed: 11 },
    reviewersPerItem: 2,
    guidelines: "Pick the better answer.",
    reviewerIds: [reviewer.user!.id],
    ...over,
  });

  it("creates items and reviewersPerItem slots per item, the same for the same seed", async () => {
    const caller = createCaller(member);
    const a = await caller.reviews.create(input());
    const b = await caller.reviews.create(input());
    expect(a.items).toBe(8);
    expect(a.slots).toBe(16);
    const itemsOf = (id: string) =>
      t.db
        .select({ idx: reviewItems.sampleIdx, a: reviewItems.runA, b: reviewItems.runB })
        .from(reviewItems)
        .where(eq(reviewItems.campaignId, id))
        .orderBy(asc(reviewItems.position));
    expect(await itemsOf(b.id)).toEqual(await itemsOf(a.id));
    expect(await t.db.$count(reviewSlots, eq(reviewSlots.campaignId, a.id))).toBe(16);
  });

  it("takes the top K of the leaderboard, baseline excluded", async () => {
    const { id } = await createCaller(member).reviews.create(input({ runIds: undefined, topK: 2 }));
    const got = await createCaller(member).reviews.get({ campaignId: id });
    expect(got.runs.map((r) => r.name)).toEqual(["good", "mid"]);
  });

  it("refuses runs that are not evaluated or belong to another experiment, and unknown reviewers", async () => {
    const caller = createCaller(member);
    await expect(
      caller.reviews.create(input({ runIds: [seeded.runIds[1]!, seeded.runIds[4]!] })),
    ).rejects.toThrow(/runIds\[1\].*"untrained".*no completed evaluation/);
    await expect(
      caller.reviews.create(input({ runIds: [seeded.runIds[1]!, other.runIds[0]!] })),
    ).rejects.toThrow(/runIds\[1\].*another experiment/);
    await expect(
      caller.reviews.create(input({ reviewerIds: [outsiderReviewer.user!.id] })),
    ).rejects.toThrow(/reviewerIds\[0\].*not a member/);
    await expect(caller.reviews.create(input({ sampleSize: 21 }))).rejects.toThrow(
      /share 20 evaluated samples/,
    );
    await expect(caller.reviews.create(input({ mode: "rubric" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.reviews.create(input({ runIds: [seeded.runIds[1]!] }))).rejects.toThrow(
      /two runs/,
    );
  });

  it("creates a rubric campaign with one item per (sample, run)", async () => {
    const { items } = await createCaller(member).reviews.create(
      input({ mode: "rubric", rubric: RUBRIC, runIds: seeded.runIds.slice(1, 4), sampleSize: 4 }),
    );
    expect(items).toBe(12);
  });

  it("refuses a reviewer", async () => {
    await expect(createCaller(reviewer).reviews.create(input())).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
