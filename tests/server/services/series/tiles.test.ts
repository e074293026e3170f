import { describe, expect, it } from "vitest";
import { buildTiles, chooseWidth, RAW_FACTOR } from "@/server/services/series/tiles";

const buckets = (first: number, last: number, w: number) =>
  Math.floor(last / w) - Math.floor(first / w) + 1;

describe("chooseWidth", () => {
  it("reads short series raw", () => {
    expect(chooseWidth(0, RAW_FACTOR * 1000 - 1, 1000)).toBeNull();
    expect(chooseWidth(0, RAW_FACTOR * 1000, 1000)).toBe(10);
  });

  it("never reads more tile rows than a 100,000-step series, nor fewer than 0.4 × maxPoints", () => {
    const longest = buckets(0, 99_999, chooseWidth(0, 99_999, 1000)!);
    expect(longest).toBe(1000);
    // A 50,000-step series used to read 5,000 tiles of width 10 (10× a 100,000-step one's).
    expect(buckets(0, 49_999, chooseWidth(0, 49_999, 1000)!)).toBeLessThanOrEqual(longest);
    for (const maxPoints of [10, 100, 1000, 4000])
      for (let span = RAW_FACTOR * maxPoints + 1; span < 3e8; span = Math.ceil(span * 1.013)) {
        for (const first of [0, 7, 999_983]) {
          const last = first + span - 1;
          const n = buckets(first, last, chooseWidth(first, last, maxPoints)!);
          expect(n, `span ${span} from ${first}, maxPoints ${maxPoints}`).toBeLessThanOrEqual(
            maxPoints,
          );
          expect(n).toBeGreaterThanOrEqual(0.4 * maxPoints);
        }
      }
  });
});

describe("buildTiles", () => {
  it("keeps each bucket's first, min, max and last point and its envelope", () => {
    const points = [5, 1, 9, 3, 4, 8, 2].map((value, i) => ({ step: 10 + i, value, time: i }));
    const tiles = buildTiles(points, 5);
    expect(tiles.map((t) => [t.bucket, t.n, t.min, t.max, t.points.map((p) => p.step)])).toEqual([
      [2, 5, 1, 9, [10, 11, 12, 14]],
      [3, 2, 2, 8, [15, 16]],
    ]);
  });
});
