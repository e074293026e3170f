/** BLEU: sacreBLEU's published test cases (test/test_bleu.py, test/test_sentence_bleu.py) and the
 *  porting traps of the reference spec (docs evals.md §1), plus input validation. */
import { describe, expect, it } from "vitest";
import {
  type BleuOptions,
  computeBleu,
  corpusBleu,
  resolveBleuOptions,
  sentenceBleu,
} from "@/evals/bleu";

const HYPS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
const REFS = [
  ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
  ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
];
// sacrebleu.raw_corpus_bleu(hyps, refs, smooth_value)
const raw = (h: string[], r: string[][], smoothValue = 0.1) =>
  corpusBleu(h, r, { tokenize: "none", smoothMethod: "floor", smoothValue, effectiveOrder: true });

describe("corpusBleu (sacreBLEU test_bleu.py)", () => {
  it.each([
    [HYPS, {}, 48.530827],
    [["", "", ""], {}, 0.0],
    [HYPS, { tokenize: "none" }, 49.1919566],
    [HYPS, { tokenize: "13a" }, 48.530827],
    [HYPS, { tokenize: "intl" }, 43.91623493],
    [HYPS, { smoothMethod: "none" }, 48.530827],
  ] as [string[], BleuOptions, number][])("%j %j -> %d", (h, opts, want) => {
    expect(Math.abs(corpusBleu(h, REFS, opts).score - want)).toBeLessThan(1e-8);
  });

  it.each([
    // Older upstream expected 0.0037991784; since the fix of sacreBLEU issue #141 (no n-gram
    // matches at all -> 0 whatever the smoothing) sacreBLEU 2.6.0 itself returns 0.
    [["this is a test", "another test"], ["ref1", "ref2"], 0.0],
    [["this is a test"], ["this is a test"], 1.0],
    [["this is a fest"], ["this is a test"], 0.223606797749979],
    [["test"], ["a test"], 0.3678794411714425],
    [["a test"], ["a test"], 1.0],
    [["a little test"], ["a test"], 0.03218297948685433],
  ])("raw_corpus_bleu %j", (h, r, want) => {
    expect(Math.abs(raw(h, [r], 0.01).score / 100 - want)).toBeLessThan(1e-8);
  });

  it("compute_bleu scoring and degenerate statistics", () => {
    const o = resolveBleuOptions("t", { smoothMethod: "none" }, false);
    expect(
      Math.abs(computeBleu([11, 11, 9, 7, 5, 3, 10, 8, 6, 4], o).score / 100 - 0.8375922397),
    ).toBeLessThan(1e-8);
    const degenerate: [number[], number[], number, number, number][] = [
      [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
      [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
      [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
      [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
    ];
    for (const [c, t, sys, ref, offset] of degenerate) {
      const f = resolveBleuOptions("t", { smoothMethod: "floor", smoothValue: offset }, false);
      expect(computeBleu([sys, ref, ...c, ...t], f).score).toBe(0);
    }
  });

  it("reports README statistics and signature", () => {
    const r = corpusBleu(HYPS, REFS);
    expect(r.counts).toEqual([14, 7, 5, 3]);
    expect(r.totals).toEqual([17, 14, 11, 8]);
    expect([r.sysLen, r.refLen]).toEqual([17, 18]);
    expect(r.score).toBeCloseTo(48.530827009929865, 12);
    expect(r.signature).toBe("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0");
  });
});

describe("sentenceBleu (sacreBLEU test_sentence_bleu.py, issue #98 and #141)", () => {
  const REF = "producţia de zahăr brut se exprimă în zahăr alb;";
  const SYS = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";
  it.each([
    ["exp", undefined, false, "13a", 8.493],
    ["none", undefined, false, "13a", 0.0],
    ["floor", undefined, false, "13a", 4.51688],
    ["floor", 0.1, false, "13a", 4.51688],
    ["floor", 0.5, false, "13a", 10.1],
    ["add-k", undefined, false, "13a", 14.882],
    ["add-k", 1, false, "13a", 14.882],
    ["add-k", 2, false, "13a", 21.389],
    ["exp", undefined, false, "none", 7.347],
    ["exp", undefined, false, "intl", 8.493],
    ["exp", undefined, false, "char", 40.8759],
    ["exp", undefined, true, "char", 42.0267],
  ] as const)(
    "%s %s lc=%s tok=%s -> %d",
    (smoothMethod, smoothValue, lowercase, tokenize, want) => {
      const s = sentenceBleu(SYS, [REF], { smoothMethod, smoothValue, lowercase, tokenize });
      expect(Math.abs(s.score - want)).toBeLessThan(1e-3);
    },
  );
  it.each(["exp", "none", "floor", "add-k"] as const)(
    "no match at all scores 0 with %s",
    (smoothMethod) => {
      expect(sentenceBleu("this is a cat", ["okay thanks"], { smoothMethod }).score).toBe(0);
    },
  );
  it("add-k counts include k for n >= 2", () => {
    const s = sentenceBleu(SYS, [REF], { smoothMethod: "add-k" });
    expect(s.counts).toEqual([5, 3, 1, 1]);
    expect(s.totals).toEqual([14, 14, 13, 12]);
  });
});

describe("porting traps (docs evals.md §1)", () => {
  it("U+FEFF is not whitespace in Python, U+0085 and U+001C-U+001F are", () => {
    expect(corpusBleu(["\ufeffa b c d"], [["a b c d"]]).score).toBeLessThan(100);
    expect(corpusBleu(["a\u0085b\u001cc\u001fd"], [["a b c d"]]).score).toBeCloseTo(100, 10);
  });
  it("closest reference length ties go to the shorter reference, in either order", () => {
    const h = ["a b c d e"];
    expect(corpusBleu(h, [["a b c d"], ["a b c d e f"]]).refLen).toBe(4);
    expect(corpusBleu(h, [["a b c d e f"], ["a b c d"]]).refLen).toBe(4);
  });
  it("multi-reference clipping uses the max count per n-gram, not the sum", () => {
    expect(corpusBleu(["the the the the"], [["the cat"], ["the the dog"]]).counts[0]).toBe(2);
  });
  it("exp smoothing halves at each successive zero-match order", () => {
    const o = resolveBleuOptions("t", {}, false);
    expect(computeBleu([5, 5, 3, 1, 0, 0, 5, 4, 3, 2], o).score).toBeCloseTo(23.6435, 4);
  });
  it("short identical segments without effective order score 0", () => {
    expect(corpusBleu(["a b", "c d e"], [["a b", "c d e"]]).score).toBe(0);
    expect(
      corpusBleu(["a b", "c d e"], [["a b", "c d e"]], { effectiveOrder: true }).score,
    ).toBeCloseTo(100, 10);
  });
  it("a smoothValue of 0 is kept, not replaced by the default", () => {
    const r = sentenceBleu("a b c x", ["a b c d"], { smoothMethod: "floor", smoothValue: 0 });
    expect(r.precisions[3]).toBe(0);
    expect(r.signature).toContain("smooth:floor[0.00]");
  });
  it("13a padding splits a final period after a digit; &apos; is not unescaped", () => {
    expect(corpusBleu(["We are in 2023."], [["We are in 2023 ."]]).score).toBeCloseTo(100, 10);
    expect(corpusBleu(["It&apos;s"], [["It & apos ; s"]]).score).toBeCloseTo(100, 10);
  });
  it("a null reference is dropped for that segment and the signature says nrefs:var", () => {
    const r = corpusBleu(
      ["a b c d", "e f g h"],
      [
        ["a b c d", "e f g h"],
        ["x", null],
      ],
    );
    expect(r.signature.startsWith("nrefs:var|")).toBe(true);
  });
});

describe("bad input", () => {
  it("names the reference stream whose length differs", () => {
    expect(() => corpusBleu(["a", "b"], [["a", "b"], ["a"]])).toThrow(
      /reference stream 1 has 1 segments but there are 2 hypotheses/,
    );
  });
  it("rejects an empty corpus", () => {
    expect(() => corpusBleu([], [[]])).toThrow(/empty corpus/);
  });
  it("names non-string values with their index", () => {
    expect(() => corpusBleu(["a", 3 as unknown as string], [["a", "b"]])).toThrow(
      /hypotheses\[1\] must be a string, got number/,
    );
    expect(() => corpusBleu(["a"], [[{} as unknown as string]])).toThrow(
      /references\[0\]\[0\] must be a string or null, got object/,
    );
  });
  it("names unknown options and bad option values", () => {
    expect(() => corpusBleu(["a"], [["a"]], { smooth: "exp" } as BleuOptions)).toThrow(
      /unknown option "smooth"/,
    );
    expect(() => corpusBleu(["a"], [["a"]], { tokenize: "13b" as "13a" })).toThrow(
      /tokenize must be one of/,
    );
  });
  it("rejects a segment with no reference at all", () => {
    expect(() => corpusBleu(["a"], [[null]])).toThrow(/segment 0 has no reference/);
  });
});
