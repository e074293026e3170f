import { describe, expect, test } from "vitest";
import { costPerPoint, paretoFrontier } from "@/app/experiments/_components/pareto";

describe("paretoFrontier", () => {
  test("keeps the runs no other run beats for the same or less money", () => {
    const pts = [
      { id: "cheap", cost: 1, quality: 50 },
      { id: "dominated", cost: 2, quality: 45 }, // costs more than "cheap" and is worse
      { id: "mid", cost: 3, quality: 60 },
      { id: "pricey-worse", cost: 5, quality: 59 },
      { id: "best", cost: 9, quality: 70 },
    ];
    expect([...paretoFrontier(pts)].sort()).toEqual(["best", "cheap", "mid"]);
  });

  test("at equal cost only the better run is on it; equal quality at higher cost is not", () => {
    expect([
      ...paretoFrontier([
        { id: "a", cost: 1, quality: 10 },
        { id: "b", cost: 1, quality: 12 },
        { id: "c", cost: 2, quality: 12 },
      ]),
    ]).toEqual(["b"]);
  });

  test("non-finite values are left out", () => {
    expect([
      ...paretoFrontier([
        { id: "a", cost: Number.NaN, quality: 99 },
        { id: "b", cost: 1, quality: 1 },
      ]),
    ]).toEqual(["b"]);
  });
});

describe("costPerPoint", () => {
  test("dollars per point above the baseline; none when not better", () => {
    expect(costPerPoint(10, 60, 50)).toBe(1);
    expect(costPerPoint(10, 50, 50)).toBeNull();
    expect(costPerPoint(10, 60, null)).toBeNull();
  });
});
