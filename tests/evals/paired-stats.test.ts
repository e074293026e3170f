/**
 * pairedTestFromStats must give exactly what pairedTest gives (p-values, scores, means, CIs),
 * including when one system's cached bootstrap scores are reused against several others.
 */
import { describe, expect, it } from "vitest";
import { pairedTestFromStats, segmentStats } from "@/evals/paired-stats";
import { pairedTest } from "@/evals/significance";
import { makeCorpus, mulberry32, mutate } from "./generate";

const rnd = mulberry32(4242);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

type Metric = "bleu" | "chrf";
const optionsFor = (m: Metric): Record<string, unknown> =>
  m === "bleu"
    ? pick([
        {},
        { smoothMethod: "floor" },
        { smoothMethod: "add-k", smoothValue: 1 },
        { tokenize: "char" },
      ])
    : pick([{}, { wordOrder: 2 }, { epsSmoothing: true }]);

const cases = Array.from({ length: 12 }, (_, i) => {
  const metric: Metric = i % 2 === 0 ? "chrf" : "bleu";
  const test = i % 4 < 3 ? "bs" : "ar";
  const c = makeCorpus(rnd, 30, 2, false);
  const systems = [c.hyps, ...[0, 1].map(() => c.refs[0]!.map((r) => mutate(rnd, r!)))];
  return {
    metric,
    test: test as "bs" | "ar",
    refs: c.refs,
    systems,
    opts: optionsFor(metric),
    nSamples: test === "ar" ? 500 : pick([100, 1000]),
    seed: pick([12345, 7]),
  };
});

describe("pairedTestFromStats", () => {
  it.each(cases.map((c, i) => [i, c.metric, c.test, c] as const))(
    "case %i (%s, %s) equals pairedTest for every pair",
    (_i, metric, test, c) => {
      const stats = c.systems.map((h) => segmentStats(metric, h, c.refs, c.opts));
      for (let a = 0; a < c.systems.length; a++) {
        for (let b = 0; b < c.systems.length; b++) {
          const expected = pairedTest(metric, c.systems[a]!, c.systems[b]!, c.refs, {
            ...c.opts,
            test,
            nSamples: c.nSamples,
            seed: c.seed,
          });
          expect(
            pairedTestFromStats(stats[a]!, stats[b]!, { test, nSamples: c.nSamples, seed: c.seed }),
          ).toStrictEqual(expected);
        }
      }
    },
  );

  it("rejects statistics of different metrics or lengths", () => {
    const refs = [["a b c", "d e f"]];
    const chrf = segmentStats("chrf", ["a b c", "d e"], refs);
    expect(() => pairedTestFromStats(chrf, segmentStats("bleu", ["a b c", "d e"], refs))).toThrow(
      /different metrics/,
    );
    expect(() => pairedTestFromStats(chrf, segmentStats("chrf", ["a b c"], [["a b c"]]))).toThrow(
      /2 segments but system has 1/,
    );
  });
});
