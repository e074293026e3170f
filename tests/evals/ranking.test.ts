import { describe, expect, it } from "vitest";
import { paretoFront, paretoLayers, rankRuns } from "@/evals/ranking";
import { mulberry32 } from "./generate";

const rnd = mulberry32(3);
const run = (id: string, p: number, n = 400) => ({
  id,
  scores: Array.from({ length: n }, () => (rnd() < p ? 1 : 0)),
});

describe("rankRuns", () => {
  const runs = [run("weak", 0.3), run("strong", 0.8), run("strong-too", 0.79), run("mid", 0.55)];
  const ranked = rankRuns(runs, { baselineId: "weak", nSamples: 500 });
  it("orders by score with CIs around the mean", () => {
    expect(
      ranked
        .map((r) => r.id)
        .slice(0, 2)
        .sort(),
    ).toEqual(["strong", "strong-too"]);
    expect(ranked[3]!.id).toBe("weak");
    for (const r of ranked) {
      expect(r.ciLow).toBeLessThanOrEqual(r.score);
      expect(r.ciHigh).toBeGreaterThanOrEqual(r.score);
    }
  });
  it("groups statistically tied runs and tests against the baseline", () => {
    const g = Object.fromEntries(ranked.map((r) => [r.id, r]));
    expect(g.strong!.group).toBe(g["strong-too"]!.group);
    expect(g.mid!.group).toBeGreaterThan(g.strong!.group);
    expect(g.weak!.pValue).toBeUndefined();
    expect(g.strong!.significant).toBe(true);
    expect(g.strong!.pValue).toBeCloseTo(1 / 501, 12);
  });
  it("puts identical runs in one group with p = 1", () => {
    const a = run("a", 0.5);
    const r = rankRuns([a, { id: "copy", scores: [...a.scores] }], {
      baselineId: "a",
      nSamples: 200,
    });
    expect(r.map((x) => x.group)).toEqual([1, 1]);
    expect(r.find((x) => x.id === "copy")!.pValue).toBe(1);
  });
  it("is deterministic for a seed and rejects runs of different lengths", () => {
    expect(rankRuns(runs, { nSamples: 100 })).toEqual(rankRuns(runs, { nSamples: 100 }));
    expect(() => rankRuns([run("a", 0.5, 10), run("b", 0.5, 9)])).toThrow(
      /run "b" \(index 1\) has 9 scores, expected 10/,
    );
  });
});

describe("paretoLayers", () => {
  it("orients cost as lower-is-better and sorts into non-dominated layers", () => {
    const items = [
      { id: "a", values: { bleu: 30, cost: 10 } },
      { id: "b", values: { bleu: 25, cost: 2 } },
      { id: "c", values: { bleu: 24, cost: 5 } },
      { id: "d", values: { bleu: 30, cost: 12 } },
      { id: "e", values: { bleu: 20, cost: 20 } },
    ];
    const obj = [
      { name: "bleu", direction: "max" as const },
      { name: "cost", direction: "min" as const },
    ];
    expect(paretoFront(items, obj)).toEqual(["a", "b"]);
    expect(Object.fromEntries(paretoLayers(items, obj).map((x) => [x.id, x.layer]))).toEqual({
      a: 1,
      b: 1,
      c: 2,
      d: 2,
      e: 3,
    });
    expect(() => paretoLayers([{ id: "x", values: {} }], obj)).toThrow(
      /item "x" has no numeric value for "bleu"/,
    );
  });
});
