/** Exact match conventions: SQuAD v1.1 normalize_answer, lm-eval exact_match, plain exact. */
import { describe, expect, it } from "vitest";
import { exactMatch, extractChoice, normalizeSquad, numericMatch } from "@/evals/accuracy";

describe("normalizeSquad (worked normalisations, docs evals.md §9)", () => {
  it.each([
    ["The Eiffel Tower!", "eiffel tower"],
    ["  An   apple a day ", "apple day"],
    ["U.S.A.", "usa"],
    ["don't", "dont"],
    ["«Quote» — “smart”", "«quote» — “smart”"],
    ["Paris.", "paris"],
    ["1,000", "1000"],
    ["éa the", "éa"],
  ])("%j -> %j", (input, want) => expect(normalizeSquad(input)).toBe(want));
});

describe("exactMatch", () => {
  it("squad mode is the default and any gold alias counts", () => {
    const r = exactMatch("the Eiffel tower.", ["Tour Eiffel", "Eiffel Tower"]);
    expect(r).toEqual({ score: 1, correct: true, signature: "acc|norm:squad|refs:any|scale:0-1" });
  });
  it("exact mode only strips Python whitespace", () => {
    expect(exactMatch(" Paris\u0085", "Paris", { mode: "exact" }).correct).toBe(true);
    expect(exactMatch("paris", "Paris", { mode: "exact" }).correct).toBe(false);
  });
  it("lm-eval mode applies regexes, case, punctuation and numbers in order, without whitespace collapse", () => {
    const o = {
      mode: "lm-eval" as const,
      ignoreCase: true,
      ignorePunctuation: true,
      regexesToIgnore: [",", "\\$", "(?s).*#### "],
    };
    expect(exactMatch("so the answer #### $1,000", "1000", o).correct).toBe(true);
    expect(exactMatch("  an apple", "an apple", o).correct).toBe(false);
    expect(exactMatch("x", "x", o).signature).toBe(
      "acc|norm:lm-eval|case:ignore|punct:ignore|num:keep|regexes:3|refs:any|scale:0-1",
    );
  });
  it("bad input names the problem", () => {
    expect(() => exactMatch("a", [])).toThrow(/at least one reference/);
    expect(() => exactMatch("a", "a", { mode: "fuzzy" as "exact" })).toThrow(/mode must be one of/);
    expect(() => exactMatch("a", "a", { ignoreCase: true })).toThrow(
      /apply only to mode "lm-eval"/,
    );
    expect(() => exactMatch("a", ["a", 1 as unknown as string])).toThrow(
      /references\[1\] must be a string/,
    );
  });
});

describe("extractChoice and numericMatch", () => {
  it.each([
    ["The answer is (C).", "C"],
    ["Answer: b", "B"],
    ["D. because", "D"],
    ["I think (a) fits", "A"],
    ["none of these", null],
  ])("%j -> %j", (text, want) => expect(extractChoice(text)).toBe(want));
  it("takes the last number, ignoring thousands separators", () => {
    expect(numericMatch("3 apples, total 1,234.5", 1234.5).correct).toBe(true);
    expect(numericMatch("about 1.23456", 1.2346, { absTol: 1e-3 }).correct).toBe(true);
    expect(numericMatch("about 1.23456", 1.2346).correct).toBe(false);
    expect(numericMatch("no number", 1).correct).toBe(false);
  });
});
