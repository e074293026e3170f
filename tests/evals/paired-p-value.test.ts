import { describe, expect, it } from "vitest";
import { pairedComparer, pairedPValue, rougeScore } from "@/evals";
import { scoreOutputs } from "@/server/services/evaluations";

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

  it("tests perplexity on the items' log-perplexities, which the corpus score averages", () => {
    const ppl = (k: number) => refs.map((_, i) => Math.exp(1 + ((i * k) % 7) / 5));
    const sys = (scores: number[]) => ({ outputs: refs, sampleScores: scores });
    const [a, b] = [ppl(3), ppl(5).map((p, i) => (i === 0 ? p * 1e6 : p * 1.1))];
    const logs = (s: number[]) => sys(s.map(Math.log));
    const p = pairedPValue("perplexity", sys(a), sys(b), refs);
    expect(p).toBe(pairedPValue("accuracy", logs(a), logs(b), refs));
    // One exploding item dominates a test on raw perplexities; on logs it is one item of 30.
    expect(p).not.toBe(pairedPValue("accuracy", sys(a), sys(b), refs));
  });

  it("tests ROUGE, a mean of per-sample scores, on those scores", () => {
    const outputs = refs.map((r, i) => (i % 3 === 0 ? r : `${r.split(" ")[0]} of some month`));
    const { perSample, corpus } = scoreOutputs(outputs, refs, ["rouge1", "rougeLsum"], "squad");
    const expected = outputs.map((o, i) => rougeScore(o, [refs[i]!]).rouge1!.fmeasure * 100);
    expect(perSample.map((s) => s.rouge1)).toEqual(expected);
    expect(corpus.rouge1!.score).toBeCloseTo(expected.reduce((a, b) => a + b) / expected.length, 9);
    expect(corpus.rouge1!.signature).toMatch(
      /^rouge1\|fmeasure\|scale:0-100\|nrefs:1\|tok:rouge-score\|stem:no/,
    );
    const a = { runId: "a", outputs: refs, sampleScores: refs.map(() => 100) };
    const b = { runId: "b", outputs, sampleScores: perSample.map((s) => s.rouge1) };
    const p = pairedPValue("rouge1", a, b, refs);
    expect(p).toBeLessThan(0.05);
    // The same per-sample bootstrap as accuracy's, not a test on the outputs.
    expect(p).toBe(pairedPValue("accuracy", a, b, refs));
    const byEvaluation = new Map([
      ["ea", a],
      ["eb", b],
    ]);
    const systemOf = (id: string) => byEvaluation.get(id)!;
    expect(pairedComparer("rouge1", systemOf, refs)("ea", "eb")).toBe(p);
    expect(pairedPValue("rougeL", a, { ...a, sampleScores: [...a.sampleScores] }, refs)).toBe(1);
  });
});
