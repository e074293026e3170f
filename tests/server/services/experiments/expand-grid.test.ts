import { describe, expect, it } from "vitest";
import { expandGrid, gridSize } from "@/server/services/experiments/expand-grid";
import { previewGrid } from "@/server/services/experiments/preview-grid";

describe("expandGrid", () => {
  it("makes one point per combination, earlier axes varying slowest", () => {
    const points = expandGrid({ learningRate: [1e-4, 3e-4], loraRank: [8, 16], epochs: [1, 2, 3] });
    expect(points).toHaveLength(12);
    expect(points[0]).toEqual({ learningRate: 1e-4, loraRank: 8, epochs: 1 });
    expect(points[1]).toEqual({ learningRate: 1e-4, loraRank: 8, epochs: 2 });
    expect(points[11]).toEqual({ learningRate: 3e-4, loraRank: 16, epochs: 3 });
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(12);
  });

  it("drops duplicate values and counts optional axes", () => {
    const grid = { learningRate: [1e-4, 1e-4], loraRank: [8], epochs: [1], batchSize: [2, 4] };
    expect(expandGrid(grid)).toHaveLength(2);
    expect(gridSize(grid)).toBe(2);
  });

  it("refuses a grid over the limit with the count", () => {
    const many = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(() =>
      previewGrid({
        input: { learningRate: many.map((x) => x / 1e4), loraRank: many, epochs: many },
      }),
    ).toThrow(/8000 runs; the limit is 1000/);
  });
});
