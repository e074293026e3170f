import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/evals";
import { type InPoint, lttbEnvelope } from "@/server/services/series/lttb";

const noisy = (n: number, seed = 1): InPoint[] => {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => ({
    x: i * 2,
    y: Math.sin(i / 500) * 10 + (rnd() - 0.5) * 4,
  }));
};

describe("lttbEnvelope", () => {
  it("returns short series unchanged, each point its own envelope", () => {
    const pts = [
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 2 },
    ];
    expect(lttbEnvelope(pts, 10)).toEqual([
      { x: 0, y: 1, min: 1, max: 1 },
      { x: 1, y: 3, min: 3, max: 3 },
      { x: 2, y: 2, min: 2, max: 2 },
    ]);
  });

  it.each([100_000, 10_001, 1_003])(
    "keeps endpoints and global extremes of %i points within the bound, x monotone",
    (n) => {
      const pts = noisy(n, n);
      // Plant extremes away from where LTTB would look first.
      pts[Math.floor(n * 0.37)]!.y = 1e6;
      pts[Math.floor(n * 0.73)]!.y = -1e6;
      const out = lttbEnvelope(pts, 1000);
      expect(out.length).toBeLessThanOrEqual(1000);
      expect(out.length).toBeGreaterThan(990);
      expect(out[0]).toMatchObject({ x: pts[0]!.x, y: pts[0]!.y });
      expect(out.at(-1)).toMatchObject({ x: pts.at(-1)!.x, y: pts.at(-1)!.y });
      expect(out.some((p) => p.y === 1e6)).toBe(true);
      expect(out.some((p) => p.y === -1e6)).toBe(true);
      for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
      // Every output point is an input point, inside its own envelope.
      const byX = new Map(pts.map((p) => [p.x, p.y]));
      for (const p of out) {
        expect(byX.get(p.x)).toBe(p.y);
        expect(p.min).toBeLessThanOrEqual(p.y);
        expect(p.max).toBeGreaterThanOrEqual(p.y);
      }
    },
  );

  it("envelopes cover every input point", () => {
    const pts = noisy(20_000, 7);
    const out = lttbEnvelope(pts, 500);
    // Each input point lies between two consecutive outputs; the band there must reach it.
    let k = 0;
    for (const p of pts) {
      while (k + 1 < out.length && out[k + 1]!.x <= p.x) k++;
      const lo = Math.min(out[k]!.min, out[Math.min(k + 1, out.length - 1)]!.min);
      const hi = Math.max(out[k]!.max, out[Math.min(k + 1, out.length - 1)]!.max);
      expect(p.y).toBeGreaterThanOrEqual(lo);
      expect(p.y).toBeLessThanOrEqual(hi);
    }
  });

  it("carries input envelopes (pre-aggregated tiles) through", () => {
    const pts: InPoint[] = Array.from({ length: 5000 }, (_, i) => ({
      x: i,
      y: 0,
      min: i === 2500 ? -50 : -1,
      max: 1,
    }));
    const out = lttbEnvelope(pts, 100);
    expect(Math.min(...out.map((p) => p.min))).toBe(-50);
    expect(Math.max(...out.map((p) => p.max))).toBe(1);
  });

  it("rejects unsorted x and a too-small bound", () => {
    expect(() =>
      lttbEnvelope(
        [
          { x: 1, y: 0 },
          { x: 0, y: 0 },
        ],
        10,
      ),
    ).toThrow(/sorted/);
    expect(() => lttbEnvelope([], 3)).toThrow(/maxPoints/);
  });
});
