import { describe, expect, it } from "vitest";
import { expandGrid, gridSize, pointName } from "@/server/services/experiments/expand-grid";
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

  it("puts methods side by side: a full run once whatever the LoRA ranks, named by its method", () => {
    const grid = {
      learningRate: [1e-4],
      loraRank: [8, 16],
      epochs: [1],
      objective: ["sft" as const, "dpo" as const],
      parameters: ["lora" as const, "full" as const],
    };
    const { count, points } = previewGrid({ input: grid });
    expect(gridSize(grid)).toBe(8);
    expect(count).toBe(6); // 2 ranks x 2 objectives for LoRA, 1 x 2 for full
    expect(points.map((p) => p.name)).toEqual([
      "sft · lora · lr 1e-4 · r 8 · 1 ep",
      "sft · full · lr 1e-4 · 1 ep",
      "dpo · lora · lr 1e-4 · r 8 · 1 ep",
      "dpo · full · lr 1e-4 · 1 ep",
      "sft · lora · lr 1e-4 · r 16 · 1 ep",
      "dpo · lora · lr 1e-4 · r 16 · 1 ep",
    ]);
    expect(points[1]!.hyperparams).toEqual({
      learningRate: 1e-4,
      loraRank: 8,
      epochs: 1,
      objective: "sft",
      parameters: "full",
    });
    expect(pointName({ learningRate: 3e-4, loraRank: 8, epochs: 2 })).toBe("lr 3e-4 · r 8 · 2 ep");
  });
});
