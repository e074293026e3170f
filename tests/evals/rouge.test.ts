/**
 * ROUGE: rouge-score 0.1.2's own test vectors (rouge_scorer_test.py, tokenize_test.py), nltk's
 * stems of the Porter paper's and NLTK's documented examples, the "unicode" tokenizer's rule,
 * and input validation. The bulk comparison with rouge-score is rouge-property.test.ts.
 */
import { describe, expect, it } from "vitest";
import { porterStem } from "@/evals/porter-stemmer";
import { rougeScore, rougeTokenize } from "@/evals/rouge";
import { mulberry32 } from "./generate";
import { makeWord } from "./rouge-generate";

const triple = (s: { precision: number; recall: number; fmeasure: number } | undefined) => [
  s!.precision,
  s!.recall,
  s!.fmeasure,
];

describe("rougeScore (rouge-score 0.1.2's test vectors)", () => {
  it("rouge1, rouge2 and rougeL on short texts", () => {
    // score(target, prediction) upstream; here the prediction comes first.
    const r1 = rougeScore("testing", ["testing one two"], { types: ["rouge1"] });
    expect(r1.rouge1!.precision).toBe(1);
    expect(r1.rouge1!.recall).toBeCloseTo(1 / 3, 15);
    expect(r1.rouge1!.fmeasure).toBeCloseTo(1 / 2, 15);
    const r2 = rougeScore("testing one", ["testing one two"], { types: ["rouge2", "rougeL"] });
    expect(triple(r2.rouge2)[0]).toBe(1);
    expect(triple(r2.rouge2)[1]).toBeCloseTo(1 / 2, 15);
    expect(triple(r2.rouge2)[2]).toBeCloseTo(2 / 3, 15);
    expect(triple(r2.rougeL)[1]).toBeCloseTo(2 / 3, 15);
    expect(triple(r2.rougeL)[2]).toBeCloseTo(4 / 5, 15);
    const nonConsecutive = rougeScore("testing two", ["testing one two"], { types: ["rougeL"] });
    expect(triple(nonConsecutive.rougeL)[2]).toBeCloseTo(4 / 5, 15);
    expect(Object.keys(r2).sort()).toEqual(["rouge2", "rougeL", "signature"]);
  });

  it("several references: the best F-measure per type (score_multi)", () => {
    const r = rougeScore("text first", ["first text", "first something"], {
      types: ["rouge1", "rouge2", "rougeL"],
    });
    expect(r.rouge1!.fmeasure).toBe(1);
    expect(r.rouge2!.fmeasure).toBe(0);
    expect(r.rougeL!.fmeasure).toBeCloseTo(0.5, 15);
  });

  it("rougeLsum: union LCS over newline-separated sentences (Lin 2004, §3.2)", () => {
    const r = rougeScore("w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", ["w1 w2 w3 w4 w5"], {
      types: ["rougeLsum"],
    });
    expect(r.rougeLsum!.recall).toBe(0.8);
    expect(r.rougeLsum!.precision).toBe(0.4);
    expect(r.rougeLsum!.fmeasure).toBeCloseTo(0.5333, 3);
    const swapped = { types: ["rougeLsum" as const], useStemmer: true };
    const ref = "First sentence.\nSecond Sentence.";
    expect(
      rougeScore("Second sentence.\nFirst Sentence.", [ref], swapped).rougeLsum!.fmeasure,
    ).toBe(1);
    const oneLine = rougeScore(
      "Second sentence. First Sentence.",
      [ref.replace("\n", " ")],
      swapped,
    );
    expect(oneLine.rougeLsum!.fmeasure).toBeCloseTo(0.5, 15);
  });

  it("empty and punctuation-only texts score 0 for every type", () => {
    for (const [pred, ref] of [
      ["", "testing one two"],
      ["w1", ""],
      ["/", "w1 w2 w3 w4 w5"],
      ["", ""],
      ["\n\n", "a\nb"],
    ] as const) {
      const r = rougeScore(pred, [ref]);
      for (const t of ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const)
        expect(triple(r[t]), `${t} ${JSON.stringify([pred, ref])}`).toEqual([0, 0, 0]);
    }
  });

  it("says how it tokenized, stemmed and chose among references", () => {
    expect(rougeScore("a", ["a", "b"]).signature).toBe(
      "rouge|nrefs:2|tok:rouge-score|stem:no|multi:best-f|version:rouge-score-0.1.2",
    );
    expect(rougeScore("a", ["a"], { tokenize: "unicode", useStemmer: true }).signature).toBe(
      "rouge|nrefs:1|tok:unicode|stem:porter|multi:best-f|version:rouge-score-0.1.2",
    );
  });

  it("refuses a rougeLsum line pair too long to backtrack, and says how to fix it", () => {
    const line = "w ".repeat(46_341);
    expect(() => rougeScore(line, [line], { types: ["rougeLsum"] })).toThrow(
      /rougeLsum: a reference line of 46341 tokens against a prediction line of 46341 is too long .* split the text into lines/,
    );
  });

  it("rejects bad input, naming what is wrong", () => {
    expect(() => rougeScore("a", [])).toThrow(/rougeScore: no references/);
    expect(() => rougeScore("a", ["b", 3 as unknown as string])).toThrow(
      /references\[1\] must be a string/,
    );
    expect(() => rougeScore(null as unknown as string, ["b"])).toThrow(
      /prediction must be a string/,
    );
    expect(() => rougeScore("a", ["b"], { types: ["rouge0" as "rouge1"] })).toThrow(
      /types\[0\] must be one of .*"rougeLsum", got "rouge0"/,
    );
    expect(() => rougeScore("a", ["b"], { types: [] })).toThrow(/non-empty array/);
    expect(() => rougeScore("a", ["b"], { tokenize: "13a" as "unicode" })).toThrow(
      /tokenize must be one of/,
    );
    expect(() => rougeScore("a", ["b"], { stemmer: true } as object)).toThrow(
      /unknown option "stemmer"/,
    );
    expect(() => rougeScore("a", ["b"], { useStemmer: "yes" as unknown as boolean })).toThrow(
      /useStemmer must be true or false/,
    );
  });
});

describe("rougeTokenize", () => {
  const text = "Straße naïve café 東京タワー İstanbul 123 KELVIN\u212a don't";
  it("rouge-score: lowercase, only [a-z0-9] survive (tokenize_test.py and nltk-free cases)", () => {
    expect(rougeTokenize("one Two three")).toEqual(["one", "two", "three"]);
    expect(rougeTokenize("one\n Two \nthree")).toEqual(["one", "two", "three"]);
    // Values printed by rouge_score.tokenize.tokenize(text, None).
    expect(rougeTokenize(text)).toEqual([
      "stra",
      "e",
      "na",
      "ve",
      "caf",
      "i",
      "stanbul",
      "123",
      "kelvink",
      "don",
      "t",
    ]);
  });

  it("unicode: words of every script, one token per Han/Kana character", () => {
    expect(rougeTokenize(text, "unicode")).toEqual([
      "straße",
      "naïve",
      "café",
      "東",
      "京",
      "タ",
      "ワ",
      "ー",
      "i\u0307stanbul",
      "123",
      "kelvink",
      "don",
      "t",
    ]);
    expect(rougeTokenize("Running naïvely हिन्दी", "unicode", true)).toEqual([
      "run",
      "naïvely",
      "हिन्दी",
    ]);
  });

  it("gives rouge-score's tokens on text without non-ASCII letters, digits or marks", () => {
    const rnd = mulberry32(7);
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: 6 }, () => makeWord(rnd)).join(rnd() < 0.5 ? " " : "\n");
      const stem = rnd() < 0.5;
      expect(rougeTokenize(s, "unicode", stem), s).toEqual(rougeTokenize(s, "rouge-score", stem));
    }
  });
});

describe("porterStem (nltk PorterStemmer(), NLTK_EXTENSIONS)", () => {
  it("stems the paper's and NLTK's documented examples as nltk 3.10.4 does", () => {
    // word → nltk's stem, printed by nltk.stem.porter.PorterStemmer().stem(word).
    const nltk: Record<string, string> = {
      caresses: "caress",
      ponies: "poni",
      ties: "tie",
      cats: "cat",
      feed: "feed",
      agreed: "agre",
      plastered: "plaster",
      motoring: "motor",
      conflated: "conflat",
      troubled: "troubl",
      sized: "size",
      hopping: "hop",
      falling: "fall",
      hissing: "hiss",
      failing: "fail",
      filing: "file",
      happy: "happi",
      enjoy: "enjoy",
      sky: "sky",
      skies: "sky",
      dies: "die",
      flies: "fli",
      spied: "spi",
      died: "die",
      dying: "die",
      generalization: "gener",
      relational: "relat",
      conditional: "condit",
      hopefulness: "hope",
      goodness: "good",
      electrical: "electr",
      revival: "reviv",
      adjustment: "adjust",
      adoption: "adopt",
      controlling: "control",
      geology: "geolog",
      yyyy: "yyyi",
      "1990s": "1990",
    };
    for (const [word, stem] of Object.entries(nltk)) expect(porterStem(word), word).toBe(stem);
  });

  it("only stems tokens longer than 3 characters inside ROUGE", () => {
    // nltk stems "was" → "wa" and "its" → "it"; rouge-score leaves 3-letter tokens alone.
    expect([porterStem("was"), porterStem("its")]).toEqual(["wa", "it"]);
    expect(rougeTokenize("was its dies", "rouge-score", true)).toEqual(["was", "its", "die"]);
  });
});
