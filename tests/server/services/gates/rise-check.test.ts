import { describe, expect, it } from "vitest";
import { corpusPerplexity, perplexityRatio } from "@/evals";
import { GateSpec } from "@/server/schemas/gates";
import type { BaselineInput, RunInput } from "@/server/services/gates/decide-checks";
import { riseCheck } from "@/server/services/gates/rise-check";

const samples = { evaluationId: "e", runId: "r", outputs: [], perMetric: [] };
/** A model whose per-token NLL on sample i is nll(i), each sample 4 tokens long. */
function scored(nll: (i: number) => number, n = 20) {
  const s = { nll: Array.from({ length: n }, (_, i) => 4 * nll(i)), tokens: Array(n).fill(4) };
  const pairs = s.nll.map((x, i) => ({ nll: x, tokens: s.tokens[i]! }));
  return { s, score: corpusPerplexity(pairs).score, pairs };
}
const run = (m: ReturnType<typeof scored>): RunInput => ({
  scores: { perplexity: { score: m.score } },
  samples,
  references: [],
  likelihood: { eval: m.s },
});
const ready = (m: ReturnType<typeof scored>): BaselineInput => ({
  state: "ready",
  runId: "base",
  scores: { perplexity: { score: m.score } },
  samples,
  likelihood: { eval: m.s },
});
const gate = (maxRise: number) =>
  GateSpec.parse({ metric: "perplexity", maxRise }) as GateSpec & { maxRise: number };

describe("riseCheck", () => {
  const base = scored((i) => 2 + (i % 5) / 10);

  it("passes a rise within maxRise, fails a larger significant one", () => {
    const worse = scored((i) => 2 + (i % 5) / 10 + Math.log(1.2));
    const ratio = perplexityRatio(base.pairs, worse.pairs);
    expect(ratio.score).toBeCloseTo(1.2, 10);
    expect(riseCheck(gate(25), run(worse), ready(base))).toMatchObject({
      passed: true,
      threshold: 25,
      value: worse.score,
      baseline: { runId: "base", value: base.score },
      reason: expect.stringMatching(/\+20\.0%.*within maxRise 25%$/),
    });
    expect(riseCheck(gate(10), run(worse), ready(base))).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/rises more than maxRise 10% and significantly/),
    });
  });

  it("passes a large rise the samples do not support (its interval spans 0%)", () => {
    // One sample in twenty much worse, the rest slightly better: a rise on average, not a sure one.
    const noisy = scored((i) => (i === 0 ? 2 + 8 : 2 + (i % 5) / 10 - 0.05));
    const ratio = perplexityRatio(base.pairs, noisy.pairs);
    expect(ratio.score).toBeGreaterThan(1.1);
    expect(ratio.ci[0]).toBeLessThan(1);
    expect(riseCheck(gate(10), run(noisy), ready(base))).toMatchObject({
      passed: true,
      reason: expect.stringMatching(/but not significantly .* so it passes$/),
    });
  });

  it("waits for the baseline and says when the NLLs are missing", () => {
    expect(riseCheck(gate(10), run(base), { state: "pending", runId: "base" })).toMatchObject({
      passed: false,
      pending: true,
    });
    const without = { ...run(base), likelihood: null };
    expect(riseCheck(gate(10), without, ready(base))).toMatchObject({
      passed: false,
      reason: "perplexity was not computed for this run",
    });
  });
});
