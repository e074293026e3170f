import { describe, expect, test } from "vitest";
import {
  applyLiveEvent,
  type CurveSeries,
  ema,
  liveCursor,
  mergeLivePoints,
  toChartRows,
} from "@/app/experiments/_components/curves-data";

describe("ema (smoothing slider)", () => {
  test("weight 0 leaves values unchanged", () => {
    expect(ema([3, 1, 4, 1, 5], 0)).toEqual([3, 1, 4, 1, 5]);
  });

  test("debiased: the first value is kept and a constant series stays constant", () => {
    const s = ema([2, 2, 2, 2], 0.9);
    for (const v of s) expect(v).toBeCloseTo(2, 12);
    expect(ema([7, 0], 0.5)[0]).toBeCloseTo(7, 12);
  });

  test("matches the recurrence worked by hand", () => {
    // acc1 = 0.5*4 = 2 → 2/(1-0.5) = 4; acc2 = 0.5*2 + 0.5*0 = 1 → 1/(1-0.25) = 4/3
    const s = ema([4, 0], 0.5);
    expect(s[1]).toBeCloseTo(4 / 3, 12);
  });

  test("NaN passes through without poisoning later values", () => {
    const s = ema([1, Number.NaN, 1], 0.6);
    expect(Number.isNaN(s[1])).toBe(true);
    expect(s[2]).toBeCloseTo(1, 12);
  });
});

describe("mergeLivePoints / applyLiveEvent (live updates)", () => {
  const hist = [
    { x: 0, y: 3 },
    { x: 10, y: 2, min: 1.5, max: 2.5 },
    { x: 20, y: 1 },
  ];

  test("appends only steps after the last one, each once, in order", () => {
    const merged = mergeLivePoints(hist, [
      { x: 30, y: 0.9 },
      { x: 20, y: 99 },
      { x: 25, y: 0.95 },
      { x: 30, y: 0.8 },
      { x: 5, y: 99 },
    ]);
    expect(merged.map((p) => p.x)).toEqual([0, 10, 20, 25, 30]);
    expect(merged[2]!.y).toBe(1); // the history point is not overwritten by a replay
    expect(merged).not.toBe(hist);
    expect(hist).toHaveLength(3); // input untouched
  });

  test("a replayed batch changes nothing and returns the same array", () => {
    const once = mergeLivePoints(hist, [{ x: 30, y: 0.9 }]);
    expect(
      mergeLivePoints(once, [
        { x: 30, y: 0.9 },
        { x: 20, y: 1 },
      ]),
    ).toBe(once);
  });

  test("applyLiveEvent routes by run and name, updates lastStep and adds unseen series", () => {
    const all: CurveSeries[] = [
      { runId: "a", name: "train/loss", points: hist, lastStep: 20 },
      { runId: "b", name: "train/loss", points: [{ x: 0, y: 5 }], lastStep: 0 },
    ];
    const next = applyLiveEvent(all, {
      runId: "b",
      name: "train/loss",
      points: [
        { x: 1, y: 4 },
        { x: 2, y: 3 },
      ],
    });
    expect(next[0]).toBe(all[0]);
    expect(next[1]!.points.map((p) => p.x)).toEqual([0, 1, 2]);
    expect(next[1]!.lastStep).toBe(2);
    expect(applyLiveEvent(next, { runId: "b", name: "train/loss", points: [{ x: 2, y: 3 }] })).toBe(
      next,
    );
    const added = applyLiveEvent(next, { runId: "a", name: "eval/loss", points: [{ x: 5, y: 1 }] });
    expect(added).toHaveLength(3);
    expect(liveCursor(added)).toBe("a:5,b:2"); // a's cursor is min(train 20, eval 5)
  });

  test("liveCursor takes the smallest last step per run, so no metric misses points", () => {
    const all: CurveSeries[] = [
      { runId: "a", name: "train/loss", points: [], lastStep: 40 },
      { runId: "a", name: "eval/loss", points: [], lastStep: 30 },
      { runId: "b", name: "train/loss", points: [], lastStep: 7 },
    ];
    expect(liveCursor(all)).toBe("a:30,b:7");
  });
});

describe("toChartRows", () => {
  test("one row per x across series, envelope as a [min, max] band", () => {
    const rows = toChartRows([
      {
        key: "a",
        points: [
          { x: 0, y: 1 },
          { x: 2, y: 3, min: 2, max: 4 },
        ],
      },
      {
        key: "b",
        points: [
          { x: 1, y: 5 },
          { x: 2, y: 6 },
        ],
      },
    ]);
    expect(rows).toEqual([
      { x: 0, a: 1 },
      { x: 1, b: 5 },
      { x: 2, a: 3, "a~band": [2, 4], b: 6 },
    ]);
  });

  test("log scale drops values a log axis cannot draw", () => {
    const rows = toChartRows(
      [
        {
          key: "a",
          points: [
            { x: 0, y: 0 },
            { x: 1, y: 2 },
          ],
        },
      ],
      { logScale: true },
    );
    expect(rows).toEqual([{ x: 0 }, { x: 1, a: 2 }]);
  });
});
