/**
 * Bootstrap CIs and paired tests against sacreBLEU's own (same seeds -> same resamples via the
 * PCG64 port). chrF results and all p-values must be identical; BLEU means/CIs may differ in the
 * last ulp only, because glibc's exp/log (which Python calls) misround about 1 argument in 10^3-10^4
 * while ours round correctly (evals/internal/libm.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bootstrapCi, pairedTest } from "@/evals/significance";
import { makeCorpus, mulberry32, mutate } from "./generate";
import { hasOracle, runOracle } from "./oracle";

const rnd = mulberry32(777);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
type Case = {
  kind: string;
  metric: "bleu" | "chrf";
  opts: Record<string, unknown>;
  [k: string]: unknown;
};
const cases: Case[] = [];
const metricOpts = (m: "bleu" | "chrf") =>
  m === "bleu"
    ? pick([
        {},
        { smoothMethod: "floor" },
        { smoothMethod: "add-k", smoothValue: 1 },
        { tokenize: "char" },
        { effectiveOrder: true },
      ])
    : pick([{}, { wordOrder: 2 }, { epsSmoothing: true }, { beta: 3, lowercase: true }]);

for (let i = 0; i < 40; i++) {
  const metric = pick(["bleu", "chrf"] as const);
  const c = makeCorpus(rnd, 40, 2, false);
  cases.push({
    kind: "bootstrap",
    metric,
    hyps: c.hyps,
    refs: c.refs,
    opts: metricOpts(metric),
    n: pick([100, 1000]),
    seed: pick([12345, 1, 42]),
  });
}
for (let i = 0; i < 30; i++) {
  const metric = pick(["bleu", "chrf"] as const);
  const test = i % 3 === 0 ? "ar" : "bs";
  const c = makeCorpus(rnd, 40, 2, false);
  const sys = c.refs[0]!.map((r) => mutate(rnd, r!));
  const opts = metricOpts(metric);
  // sacreBLEU's JSON output cannot hold float32 chrF results, but its Result objects can.
  cases.push({
    kind: "paired",
    metric,
    test,
    bl: c.hyps,
    sys,
    refs: c.refs,
    opts,
    n: test === "ar" ? 2000 : 1000,
    seed: pick([12345, 7]),
  });
}

describe.skipIf(!hasOracle)("significance vs sacreBLEU 2.6.0", () => {
  let expected: Record<string, unknown>[];
  beforeAll(() => {
    expected = runOracle(cases);
  });
  let metric: "bleu" | "chrf" = "bleu";
  const close = (a: number | undefined, b: unknown, ctx: string) => {
    if (b === null) return expect.soft(a, ctx).toBeUndefined();
    if (metric === "chrf") return expect.soft(a, ctx).toBe(b);
    expect
      .soft(Math.abs(a! - (b as number)), ctx)
      .toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b as number)));
  };

  it("bootstrapCi equals corpus_score(n_bootstrap=N)", () => {
    cases.forEach((c, i) => {
      if (c.kind !== "bootstrap") return;
      const want = expected[i]!;
      metric = c.metric;
      const ctx = `case ${i} ${c.metric} ${JSON.stringify(c.opts)}`;
      const got = bootstrapCi(c.metric, c.hyps as string[], c.refs as string[][], {
        ...c.opts,
        nSamples: c.n as number,
        seed: c.seed as number,
      });
      close(got.score, want.score, ctx);
      close(got.mean, want.mean, ctx);
      close(got.ci, want.ci, ctx);
      expect.soft(got.signature, ctx).toBe(want.signature);
    });
  });

  it("pairedTest bs/ar equals sacreBLEU PairedTest", () => {
    cases.forEach((c, i) => {
      if (c.kind !== "paired") return;
      const want = expected[i]!;
      metric = c.metric;
      const ctx = `case ${i} ${c.metric} ${c.test} ${JSON.stringify(c.opts)}`;
      expect.soft(want.error, ctx).toBeUndefined();
      const got = pairedTest(c.metric, c.bl as string[], c.sys as string[], c.refs as string[][], {
        ...c.opts,
        test: c.test as "bs" | "ar",
        nSamples: c.n as number,
        seed: c.seed as number,
      });
      close(got.baselineScore, want.baselineScore, ctx);
      close(got.systemScore, want.systemScore, ctx);
      expect.soft(got.pValue, ctx).toBe(want.pValue);
      close(got.baselineMean, want.baselineMean, ctx);
      close(got.baselineCi, want.baselineCi, ctx);
      close(got.systemMean, want.systemMean, ctx);
      close(got.systemCi, want.systemCi, ctx);
      expect.soft(got.signature, ctx).toBe(want.signature);
    });
  });
});

describe("bad input", () => {
  const h = ["a b c", "d e f"],
    r = [["a b c", "d e f"]];
  it("names the problem", () => {
    expect(() => pairedTest("bleu", h, ["a"], r)).toThrow(
      /baseline has 2 hypotheses but system has 1/,
    );
    expect(() => pairedTest("bleu", h, h, r, { test: "xx" as "bs" })).toThrow(
      /test must be one of/,
    );
    expect(() => bootstrapCi("chrf", h, r, { nSamples: 0 })).toThrow(
      /nSamples must be a positive integer/,
    );
    expect(() => bootstrapCi("bleu", h, r, { charOrder: 3 } as never)).toThrow(
      /unknown option "charOrder"/,
    );
    expect(() => bootstrapCi("rouge" as "bleu", h, r)).toThrow(/unknown option|unknown metric/);
  });
  it("keeps sacreBLEU's strict '>' quirk: a system against itself gets the minimum p-value", () => {
    // sacrebleu -i hyp hyp_copy --paired-bs prints p_value 0.000999000999000999 (checked by hand).
    expect(pairedTest("bleu", h, h, r, { nSamples: 100 }).pValue).toBe(1 / 101);
    expect(pairedTest("chrf", h, h, r, { test: "ar", nSamples: 100 }).pValue).toBe(1 / 101);
  });
});
