import { describe, expect, it } from "vitest";
import { clusterBootstrap } from "@/evals";

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

describe("clusterBootstrap", () => {
  const clusters = [[1, 2], [3], [10, 11, 12], [4], [5, 6]];
  const stat = (sample: number[][]) => mean(sample.flat());

  it("is reproducible from its seed and brackets the statistic", () => {
    const ci = clusterBootstrap(clusters, stat, 500, 7)!;
    expect(clusterBootstrap(clusters, stat, 500, 7)).toEqual(ci);
    const point = stat(clusters)!;
    expect(ci[0]).toBeLessThan(point);
    expect(ci[1]).toBeGreaterThan(point);
    // Bounded by the most extreme resamples: all of one cluster.
    expect(ci[0]).toBeGreaterThanOrEqual(1.5);
    expect(ci[1]).toBeLessThanOrEqual(11);
  });

  it("resamples whole clusters: one cluster gives a zero-width interval", () => {
    expect(clusterBootstrap([[1, 5, 9]], stat, 100, 1)).toEqual([5, 5]);
  });

  it("drops rounds without a value and gives null when nothing is left to resample", () => {
    expect(clusterBootstrap([], stat, 100, 1)).toBeNull();
    expect(clusterBootstrap(clusters, stat, 0, 1)).toBeNull();
    expect(clusterBootstrap([[]], stat, 100, 1)).toBeNull();
  });
});
