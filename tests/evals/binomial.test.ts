import { describe, expect, it } from "vitest";
import { binomialTwoSided } from "@/evals";

describe("binomialTwoSided", () => {
  it("matches the exact binomial test at p = 1/2", () => {
    expect(binomialTwoSided(9, 10)).toBeCloseTo(22 / 1024, 14);
    expect(binomialTwoSided(1, 10)).toBeCloseTo(22 / 1024, 14);
    expect(binomialTwoSided(0, 5)).toBeCloseTo(2 / 32, 14);
    expect(binomialTwoSided(7, 20)).toBeCloseTo(275960 / 1048576, 14);
    expect(binomialTwoSided(5, 10)).toBe(1);
    expect(binomialTwoSided(0, 0)).toBe(1);
    expect(binomialTwoSided(5000, 10000)).toBe(1);
    expect(binomialTwoSided(4800, 10000)).toBeLessThan(1e-4);
  });
});
