import { describe, expect, it } from "vitest";
import { corpusBleu, sentenceBleu } from "@/evals/bleu";
import { corpusChrf, sentenceChrf } from "@/evals/chrf";
import { rougeScore } from "@/evals/rouge";
import { scoreSamples } from "@/evals/score-samples";
import { bootstrapCi } from "@/evals/significance";

const predictions = [
  "The dog bit the man.",
  "It wasn't surprising.",
  "The man had just bitten him.",
  "",
];
const references = [
  ["The dog bit the man.", "The dog had bit the man."],
  "It was not unexpected.",
  ["The man bit him first."],
  "Nothing.",
];

describe("scoreSamples", () => {
  const out = scoreSamples({
    predictions,
    references,
    metrics: ["bleu", "chrf", "exactMatch"],
    options: { nSamples: 200 },
  });
  it("gives sentence-level sacreBLEU per sample", () => {
    expect(out.perSample.bleu).toEqual(
      predictions.map((p, i) => sentenceBleu(p, ([] as string[]).concat(references[i]!)).score),
    );
    expect(out.perSample.chrf).toEqual(
      predictions.map((p, i) => sentenceChrf(p, ([] as string[]).concat(references[i]!)).score),
    );
    expect(out.perSample.exactMatch).toEqual([1, 0, 0, 0]);
  });
  it("gives corpus scores from summed statistics, with sacreBLEU bootstrap CIs (variable refs padded with null)", () => {
    const streams = [
      predictions.map((_, i) => ([] as string[]).concat(references[i]!)[0]!),
      [references[0]![1]!, null, null, null],
    ];
    expect(out.corpus.bleu!.score).toBe(corpusBleu(predictions, streams).score);
    expect(out.corpus.chrf!.score).toBe(corpusChrf(predictions, streams).score);
    expect(out.corpus.bleu).toEqual(bootstrapCi("bleu", predictions, streams, { nSamples: 200 }));
    expect(out.corpus.bleu!.signature).toContain("nrefs:var|bs:200|seed:12345");
    expect(out.corpus.exactMatch!.score).toBe(0.25);
  });
  it("rejects bad input with a named problem", () => {
    expect(() => scoreSamples({ predictions: ["a"], references: [], metrics: ["bleu"] })).toThrow(
      /0 references for 1 predictions/,
    );
    expect(() =>
      scoreSamples({ predictions: ["a"], references: ["a"], metrics: ["rouge" as "bleu"] }),
    ).toThrow(/unknown metric "rouge"; expected bleu, chrf, exactMatch, rouge1, rouge2, rougeL/);
    expect(() => scoreSamples({ predictions: [], references: [], metrics: ["bleu"] })).toThrow(
      /empty eval set/,
    );
    expect(() => scoreSamples({ predictions: ["a"], references: [[]], metrics: ["bleu"] })).toThrow(
      /references\[0\] must be a string or a non-empty array/,
    );
  });
});

describe("scoreSamples with ROUGE", () => {
  const summaries = [
    "The cats sat on the mats.\nThey were happy.",
    "Nothing happened here",
    "",
    "dogs bark loudly at night",
  ];
  const golds = [
    ["The cat sat on the mat.\nIt was happy.", "A cat sat."],
    "Something happened there.",
    "Empty.",
    ["Dogs barked at night.", "At night, dogs bark loudly!", "cats"],
  ];
  const metrics = ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const;
  const out = scoreSamples({
    predictions: summaries,
    references: golds,
    metrics: [...metrics],
    options: { rouge: { useStemmer: true }, nSamples: 200 },
  });

  it("gives rouge-score's F-measure × 100 per sample", () => {
    for (const m of metrics) {
      expect(out.perSample[m]).toEqual(
        summaries.map(
          (p, i) =>
            rougeScore(p, ([] as string[]).concat(golds[i]!), { types: [m], useStemmer: true })[m]!
              .fmeasure * 100,
        ),
      );
    }
    expect(out.perSample.rouge1![3]).toBe(100);
    expect(out.perSample.rouge1![2]).toBe(0);
  });

  it("scores the corpus as the mean over samples, with a bootstrap CI and a signature", () => {
    for (const m of metrics) {
      const values = out.perSample[m]!;
      const c = out.corpus[m]!;
      expect(c.score).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
      expect(c.ci).toBeGreaterThan(0);
      expect(Math.abs(c.mean - c.score)).toBeLessThan(c.ci * 2);
      expect(c.signature).toBe(
        `${m}|fmeasure|scale:0-100|nrefs:var|tok:rouge-score|stem:porter|multi:best-f|version:rouge-score-0.1.2|bs:200|seed:12345`,
      );
    }
  });

  it("rejects unknown ROUGE options", () => {
    const base = { predictions: ["a"], references: ["a"], metrics: ["rougeL" as const] };
    expect(() =>
      scoreSamples({ ...base, options: { rouge: { types: ["rouge1"] } as object } }),
    ).toThrow(/options.rouge: unknown option "types"/);
    expect(() =>
      scoreSamples({ ...base, options: { rouge: { tokenize: "13a" as "unicode" } } }),
    ).toThrow(/options.rouge: option tokenize must be one of "rouge-score", "unicode"/);
  });
});
