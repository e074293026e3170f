import { describe, expect, it } from "vitest";
import { corpusBleu, sentenceBleu } from "@/evals/bleu";
import { corpusChrf, sentenceChrf } from "@/evals/chrf";
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
    ).toThrow(/unknown metric "rouge"/);
    expect(() => scoreSamples({ predictions: [], references: [], metrics: ["bleu"] })).toThrow(
      /empty eval set/,
    );
    expect(() => scoreSamples({ predictions: ["a"], references: [[]], metrics: ["bleu"] })).toThrow(
      /references\[0\] must be a string or a non-empty array/,
    );
  });
});
