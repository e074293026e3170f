/** chrF / chrF++: sacreBLEU's published cases (test/test_chrf.py) and the README values. */
import { describe, expect, it } from "vitest";
import { type ChrfOptions, corpusChrf, sentenceChrf } from "@/evals/chrf";
import { splitWordsForChrf } from "@/evals/chrf-words";

const eps = (h: string[], r: string[]) =>
  corpusChrf(h, [r], { charOrder: 6, wordOrder: 0, beta: 3, epsSmoothing: true }).score;
const eff = (h: string[], r: string[]) =>
  corpusChrf(h, [r], { charOrder: 6, wordOrder: 0, beta: 3 }).score;

describe("corpusChrf (sacreBLEU test_chrf.py)", () => {
  it.each([
    [["abcdefg"], ["hijklmnop"], 0.0],
    [["a"], ["b"], 0.0],
    [[""], ["b"], 0.0],
    [[""], ["ref"], 0.0],
    [[""], ["reference"], 0.0],
    [["aa"], ["ab"], 8.3333],
    [["a", "b"], ["a", "c"], 8.3333],
    [["a"], ["a"], 16.6667],
    [["a b c"], ["a b c"], 50.0],
    [["a b c"], ["abc"], 50.0],
    [
      [
        " risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .",
      ],
      [
        "risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .",
      ],
      63.36173,
    ],
    [
      [" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "],
      ["Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."],
      64.1302698,
    ],
    [
      ["Niemand hat die Absicht, eine Mauer zu errichten"],
      ["Niemand hat die Absicht, eine Mauer zu errichten"],
      100.0,
    ],
  ])("eps smoothing %j", (h, r, want) => expect(Math.abs(eps(h, r) - want)).toBeLessThan(1e-4));

  it.each([
    [["a"], ["a"], 100.0],
    [[""], ["reference"], 0.0],
    [["a b c"], ["a b c"], 100.0],
    [["a b c"], ["abc"], 100.0],
    [[""], ["c"], 0.0],
    [["a", "b"], ["a", "c"], 50.0],
    [["aa"], ["ab"], 25.0],
  ])("effective order %j", (h, r, want) => expect(Math.abs(eff(h, r) - want)).toBeLessThan(1e-4));

  it.each([
    [
      ["Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich."],
      ["Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."],
      67.3481606,
    ],
    [
      [
        "risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .",
      ],
      [
        "risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .",
      ],
      65.2414427,
    ],
  ])("keep whitespace %j", (h, r, want) => {
    expect(Math.abs(corpusChrf(h, [r], { beta: 3, whitespace: true }).score - want)).toBeLessThan(
      1e-4,
    );
  });

  it.each([
    [
      "Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.",
      "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.",
      39.14078509,
    ],
    [
      "Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.",
      "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.",
      31.22557079,
    ],
    [
      "Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.",
      "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.",
      57.15704367,
    ],
  ])("sentence level, eps smoothing: %s", (h, r, want) => {
    expect(Math.abs(sentenceChrf(h, [r], { epsSmoothing: true }).score - want)).toBeLessThan(1e-4);
  });
});

describe("README example", () => {
  const hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
  const refs = [
    ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
    ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
  ];
  it("chrF2 and chrF2++", () => {
    const c = corpusChrf(hyps, refs);
    expect(c.score).toBeCloseTo(59.72751782684763, 12);
    expect(c.name).toBe("chrF2");
    expect(c.signature).toBe("nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0");
    const pp = corpusChrf(hyps, refs, { wordOrder: 2 });
    expect(pp.score).toBeCloseTo(59.15310444399262, 12);
    expect(pp.name).toBe("chrF2++");
  });
  it("empty hypothesis against empty reference: 0 (effective order), 1e-14 (eps)", () => {
    expect(corpusChrf([""], [[""]]).score).toBe(0);
    expect(corpusChrf([""], [[""]], { epsSmoothing: true }).score).toBeCloseTo(1e-14, 20);
  });
  it("splits at most one punctuation character per word, trailing first (issue #124)", () => {
    expect(splitWordsForChrf("(hi) don't. ,x !")).toEqual([
      "(hi",
      ")",
      "don't",
      ".",
      ",",
      "x",
      "!",
    ]);
  });
  it("counts astral characters as one code point", () => {
    expect(corpusChrf(["😀"], [["😀"]], { charOrder: 1 }).score).toBeCloseTo(100, 10);
  });
});

describe("bad input", () => {
  it("names unknown options and invalid orders", () => {
    expect(() => corpusChrf(["a"], [["a"]], { order: 6 } as ChrfOptions)).toThrow(
      /unknown option "order"/,
    );
    expect(() => corpusChrf(["a"], [["a"]], { charOrder: 0, wordOrder: 0 })).toThrow(/at least 1/);
  });
  it("names the mismatching stream", () => {
    expect(() => corpusChrf(["a"], [["a"], ["b", "c"]])).toThrow(
      /reference stream 1 has 2 segments but there are 1 hypotheses/,
    );
  });
});
