import { describe, expect, it } from "vitest";
import { corpusPerplexity, perplexityRatio, type SampleNll, samplePerplexity } from "@/evals";
import { hasOracle, runOracle } from "./oracle";

const LN2 = Math.log(2);
// Perplexity 2 over 2 tokens and 8 over 3 tokens: the corpus is 2^(11/5), not the mean 5.
const TWO_AND_EIGHT: SampleNll[] = [
  { nll: 2 * LN2, tokens: 2 },
  { nll: 9 * LN2, tokens: 3 },
];

describe("perplexity", () => {
  it("is exp of the token-weighted mean NLL, per sample and per corpus", () => {
    expect(TWO_AND_EIGHT.map(samplePerplexity)).toEqual([
      expect.closeTo(2, 12),
      expect.closeTo(8, 12),
    ]);
    const r = corpusPerplexity(TWO_AND_EIGHT);
    expect(r.score).toBeCloseTo(2 ** 2.2, 12);
    expect(r.signature).toBe("perplexity|weighting:tokens|bs:1000|seed:12345");
  });

  it("has a CI that collapses when every sample has the same per-token NLL", () => {
    const same = [1, 4, 7].map((tokens) => ({ nll: tokens * 1.5, tokens }));
    const r = corpusPerplexity(same, { nSamples: 200 });
    expect(r.score).toBeCloseTo(Math.exp(1.5), 12);
    expect(r.ci[0]).toBeCloseTo(Math.exp(1.5), 12);
    expect(r.ci[1]).toBeCloseTo(Math.exp(1.5), 12);
  });

  it.runIf(hasOracle)("resamples samples with numpy's default_rng draws", () => {
    const rounds = 400;
    const [draws] = runOracle<number[]>([
      { kind: "rng_choice", seed: 7, n: 2, size: 2 * rounds },
    ]) as [number[]];
    const boot: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const picked = [draws[2 * r]!, draws[2 * r + 1]!].map((i) => TWO_AND_EIGHT[i]!);
      const nll = picked[0]!.nll + picked[1]!.nll;
      boot.push(Math.exp(nll / (picked[0]!.tokens + picked[1]!.tokens)));
    }
    boot.sort((a, b) => a - b);
    const r = corpusPerplexity(TWO_AND_EIGHT, { nSamples: rounds, seed: 7 });
    expect(r.ci).toEqual([boot[10], boot[rounds - 11]]);
    // Of two samples the resampled corpus is 2, 8 or 2^2.2: the interval reaches both ends.
    expect(r.ci[0]).toBeCloseTo(2, 12);
    expect(r.ci[1]).toBeCloseTo(8, 12);
  });

  it("gives the ratio of two models' perplexities on the same samples, paired", () => {
    const base = [3, 5, 2, 9].map((tokens, i) => ({ nll: tokens * (1 + i / 4), tokens }));
    const worse = base.map((s) => ({ nll: s.nll + s.tokens * Math.log(1.5), tokens: s.tokens }));
    const r = perplexityRatio(base, worse);
    expect(r.score).toBeCloseTo(1.5, 12);
    // Pairing cancels the sample-to-sample spread: every round sees exactly 1.5.
    expect(r.ci[0]).toBeCloseTo(1.5, 12);
    expect(r.ci[1]).toBeCloseTo(1.5, 12);
    expect(perplexityRatio(worse, base).score).toBeCloseTo(1 / 1.5, 12);
  });

  it("refuses input it cannot score, naming the sample", () => {
    expect(() => corpusPerplexity([])).toThrow("corpusPerplexity: no samples");
    expect(() => corpusPerplexity([{ nll: 1, tokens: 0 }])).toThrow("samples[0].tokens");
    expect(() => corpusPerplexity([{ nll: Number.NaN, tokens: 1 }])).toThrow("samples[0].nll");
    expect(() => perplexityRatio(TWO_AND_EIGHT, TWO_AND_EIGHT.slice(1))).toThrow(
      "2 reference samples but 1 candidate samples",
    );
    expect(() => corpusPerplexity(TWO_AND_EIGHT, { rounds: 3 } as object)).toThrow(
      'unknown option "rounds"',
    );
  });
});
