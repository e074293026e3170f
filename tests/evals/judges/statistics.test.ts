import { describe, expect, it } from "vitest";
import {
  type CalibrationItem,
  calibrate,
  combineOrders,
  humanMajority,
  judgeBias,
  judgeRatings,
  winRate,
} from "@/evals";

describe("combineOrders (MT-Bench swap rule)", () => {
  it("keeps a winner named in both orders", () => {
    expect(combineOrders("A", "B")).toEqual({ winner: "x", flipped: false });
    expect(combineOrders("B", "A")).toEqual({ winner: "y", flipped: false });
    expect(combineOrders("C", "C")).toEqual({ winner: "tie", flipped: false });
  });
  it("turns a flip into a tie", () => {
    expect(combineOrders("A", "A")).toEqual({ winner: "tie", flipped: true });
    expect(combineOrders("A", "C")).toEqual({ winner: "tie", flipped: true });
  });
  it("has no verdict when a game did not parse", () => {
    expect(combineOrders("A", null)).toBeNull();
  });
});

describe("judgeBias", () => {
  it("matches hand-computed flip rate, first-slot and length shares", () => {
    const bias = judgeBias([
      { game1: "A", game2: "A", lengthX: 10, lengthY: 5 }, // flip; both games to slot 1
      { game1: "A", game2: "B", lengthX: 10, lengthY: 5 }, // x, the longer, wins
      { game1: "B", game2: "A", lengthX: 3, lengthY: 8 }, // y, the longer, wins
      { game1: "C", game2: "C", lengthX: 4, lengthY: 4 }, // consistent tie
      { game1: "A", game2: null, lengthX: 1, lengthY: 2 }, // pair dropped; game 1 still counts
    ]);
    expect(bias.pairs).toBe(4);
    expect(bias.flipRate).toBe(0.25);
    // 5 of 7 decided games went to slot A: p = 2·(C(7,0)+C(7,1)+C(7,2))/2^7 = 58/128.
    expect(bias.firstSlot).toEqual({ share: 5 / 7, k: 5, n: 7, p: 58 / 128 });
    expect(bias.longerWins).toEqual({ share: 1, k: 2, n: 2, p: 0.5 });
  });
  it("reports a judge that always picks the first slot", () => {
    const pairs = Array.from({ length: 10 }, () => ({
      game1: "A" as const,
      game2: "A" as const,
      lengthX: 1,
      lengthY: 2,
    }));
    const bias = judgeBias(pairs);
    expect(bias.flipRate).toBe(1);
    expect(bias.firstSlot.share).toBe(1);
    expect(bias.firstSlot.p).toBeCloseTo(2 / 2 ** 20, 15);
    expect(bias.longerWins.n).toBe(0);
  });
});

describe("winRate and judgeRatings", () => {
  it("counts a tie as half a win", () => {
    const r = winRate(["x", "x", "tie", "y"], { seed: 1 });
    expect(r.winRate).toBe(0.625);
    expect(r.n).toBe(4);
    expect(r.ci![0]).toBeLessThanOrEqual(0.625);
    expect(r.ci![1]).toBeGreaterThanOrEqual(0.625);
  });
  it("has a degenerate interval when every sample is won", () => {
    expect(winRate(["x", "x", "x"]).ci).toEqual([1, 1]);
    expect(winRate([]).winRate).toBeNull();
  });
  it("ranks runs by their judged battles", () => {
    const ratings = judgeRatings([
      { x: "good", y: "base", winner: "x" },
      { x: "good", y: "base", winner: "x" },
      { x: "good", y: "base", winner: "tie" },
      { x: "bad", y: "base", winner: "y" },
      { x: "bad", y: "base", winner: "tie" },
    ]);
    const order = [...ratings].sort((a, b) => b.rating - a.rating).map((r) => r.model);
    expect(order).toEqual(["good", "base", "bad"]);
  });
});

describe("calibrate", () => {
  it("takes the human majority; a split vote is a tie", () => {
    expect(humanMajority(["x", "x", "y"])).toBe("x");
    expect(humanMajority(["x", "y"])).toBe("tie");
    expect(humanMajority(["x", "y", "tie"])).toBe("tie");
    expect(humanMajority([])).toBeNull();
  });
  it("matches a hand-computed κ", () => {
    const item = (judge: "x" | "y" | "tie", humans: ("x" | "y" | "tie")[]): CalibrationItem => ({
      runX: "r1",
      runY: "r2",
      judge,
      humans,
    });
    const c = calibrate([
      item("x", ["x"]),
      item("x", ["x", "x", "y"]),
      item("y", ["y"]),
      item("x", ["y", "y"]),
      item("tie", ["x", "y"]),
      item("y", ["x"]),
      item("x", []), // no human vote: not compared
    ]);
    // Human majority x,x,y,y,tie,x vs judge x,x,y,x,tie,y: p_o = 4/6; marginals (3,2,1) on both
    // sides, p_e = (9+4+1)/36 = 14/36; κ = (24/36 − 14/36) / (22/36) = 10/22.
    expect(c.n).toBe(6);
    expect(c.agreement).toBeCloseTo(4 / 6, 15);
    expect(c.kappa).toBeCloseTo(10 / 22, 12);
    expect(c.band).toBe("moderate");
    expect(c.warning).toBe(false);
    expect(c.confusion).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    // r1 by people: 1+1+0+0+½+1 = 3.5 of 6; by the judge: 1+1+0+1+½+0 = 3.5 of 6.
    expect(c.winRates.find((w) => w.runId === "r1")).toEqual({
      runId: "r1",
      human: 3.5 / 6,
      judge: 3.5 / 6,
      n: 6,
    });
  });
  it("warns when κ is below 0.4", () => {
    const c = calibrate([
      { runX: "a", runY: "b", judge: "x", humans: ["x"] },
      { runX: "a", runY: "b", judge: "x", humans: ["y"] },
      { runX: "a", runY: "b", judge: "y", humans: ["x"] },
      { runX: "a", runY: "b", judge: "y", humans: ["y"] },
    ]);
    expect(c.kappa).toBe(0);
    expect(c.warning).toBe(true);
  });
});
