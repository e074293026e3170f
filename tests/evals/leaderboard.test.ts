import { describe, expect, it } from "vitest";
import { type BoardEntry, boardStanding, rankBoard, rowInputs, rowTests } from "@/evals";

const entry = (runId: string, score: number | null, order: number, isBaseline = false) => ({
  runId,
  evaluationId: `e-${runId}`,
  isBaseline,
  score,
  order,
});
const entries: BoardEntry[] = [
  entry("base", 60, 0, true),
  entry("low", 40, 3),
  entry("top", 80, 2),
  entry("tieB", 70, 5),
  entry("tieA", 70, 4),
  entry("none", null, 1),
];

describe("leaderboard ranking", () => {
  it("orders by score, ties by order then run id, missing scores last; ranks skip the baseline", () => {
    const s = boardStanding(entries);
    expect(s.ordered.map((e) => e.runId)).toEqual(["top", "tieA", "tieB", "base", "low", "none"]);
    expect(s.best?.runId).toBe("top");
    expect(s.baseline?.runId).toBe("base");
    expect([...s.rankOf]).toEqual([
      ["top", 1],
      ["tieA", 2],
      ["tieB", 3],
      ["low", 4],
      ["none", 5],
    ]);
    expect(
      boardStanding([entry("z", null, 2), entry("a", null, 2)]).ordered.map((e) => e.runId),
    ).toEqual(["a", "z"]);
  });

  it("names the evaluations each row's tests compare: none for the baseline, no best test for the best", () => {
    const s = boardStanding(entries);
    const inputs = (runId: string) => rowInputs(s.ordered.find((e) => e.runId === runId)!, s);
    expect(inputs("base")).toEqual({
      evaluationId: "e-base",
      bestEvaluationId: null,
      baselineEvaluationId: null,
    });
    expect(rowTests(inputs("base"))).toEqual({ vsBest: null, vsBaseline: null });
    expect(rowTests(inputs("top"))).toEqual({ vsBest: null, vsBaseline: ["e-base", "e-top"] });
    expect(rowTests(inputs("low"))).toEqual({
      vsBest: ["e-top", "e-low"],
      vsBaseline: ["e-base", "e-low"],
    });
    const noBaseline = boardStanding(entries.filter((e) => !e.isBaseline));
    expect(rowTests(rowInputs(noBaseline.ordered[1]!, noBaseline)).vsBaseline).toBeNull();
  });

  it("ties rows with the best unless significant, and beats the baseline only when higher and significant", () => {
    // p-values by pair: "low" differs from both; everything else is noise.
    const p = (a: string, b: string) => (b === "e-low" ? 0.01 : a === "e-base" ? 0.001 : 0.3);
    const rows = rankBoard(entries, p, 0.05);
    const row = (id: string) => rows.find((r) => r.runId === id)!;
    expect(row("top")).toEqual({
      runId: "top",
      rank: 1,
      tiedWithBest: true,
      pValueVsBest: null,
      pValueVsBaseline: 0.001,
      betterThanBaseline: true,
    });
    expect(row("tieA")).toMatchObject({ rank: 2, tiedWithBest: true, pValueVsBest: 0.3 });
    expect(row("low")).toMatchObject({ tiedWithBest: false, betterThanBaseline: false }); // 40 < 60
    expect(row("base")).toMatchObject({ rank: null, tiedWithBest: false, pValueVsBaseline: null });
  });
});
