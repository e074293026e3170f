import { describe, expect, it } from "vitest";
import { pairedPValue } from "@/evals";

const refs = Array.from({ length: 30 }, (_, i) => `${i + 1} March 2024`);
const run = (outputs: string[], correct: (o: string, i: number) => boolean) => ({
  runId: "x",
  outputs,
  sampleScores: outputs.map((o, i) => (correct(o, i) ? 100 : 0)),
});

describe("pairedPValue", () => {
  it("finds no difference between identical outputs", () => {
    const a = run(refs, () => true);
    expect(pairedPValue("accuracy", a, a, refs)).toBeGreaterThan(0.5);
    expect(pairedPValue("chrf", a, a, refs)).toBeGreaterThan(0.5);
  });

  it("finds a clear difference significant on accuracy and chrF", () => {
    const good = run(refs, () => true);
    const bad = run(
      refs.map(() => "no idea"),
      () => false,
    );
    expect(pairedPValue("accuracy", good, bad, refs)).toBeLessThan(0.05);
    expect(pairedPValue("chrf", good, bad, refs)).toBeLessThan(0.05);
  });

  it("does not call one differing sample out of 30 significant", () => {
    const a = run(refs, () => true);
    const b = run(
      refs.map((r, i) => (i === 0 ? "wrong" : r)),
      (_, i) => i !== 0,
    );
    expect(pairedPValue("accuracy", a, b, refs)).toBeGreaterThan(0.05);
  });
});
