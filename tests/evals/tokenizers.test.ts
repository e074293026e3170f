/** Tokenizer vectors from the porting spec (docs evals.md §1.3); the property test covers the rest. */
import { describe, expect, it } from "vitest";
import { getTokenizer } from "@/evals/tokenizers";

const t13a = getTokenizer("13a"),
  intl = getTokenizer("intl"),
  zh = getTokenizer("zh"),
  char = getTokenizer("char");

describe("13a", () => {
  it.each([
    ["don't O'Neil's well-known", "don't O'Neil's well-known"],
    ["5-6-7 and -5", "5 - 6 - 7 and -5"],
    ["1,000.00 and 3.5 in U.S.A.", "1,000.00 and 3.5 in U . S . A ."],
    ["We are in 2023.", "We are in 2023 ."],
    ["It&apos;s &quot;x&quot; &amp; &lt;y&gt;", 'It & apos ; s " x " & < y >'],
    ["a<skipped>b", "ab"],
    ["«x» — … € ∑", "«x» — … € ∑"],
    ["line-\nbreak\nhere", "linebreak here"],
  ])("%j", (input, want) => expect(t13a(input)).toBe(want));
});

describe("intl", () => {
  it.each([
    ["don't", "don ' t"],
    ["1999-2000 x--y", "1999-2000 x - - y"],
    ["We are in 2023.", "We are in 2023."],
    ["€5 «quote»", "€ 5 « quote »"],
  ])("%j", (input, want) => expect(intl(input)).toBe(want));
});

describe("zh and char", () => {
  it("wraps CJK and the quirky U+2001-U+2A6D range, no 13a preamble", () => {
    expect(zh("我们 “hi” &amp;")).toBe("我 们 “ hi ” & amp ;");
  });
  it("char splits code points, not UTF-16 units, and keeps combining marks separate", () => {
    expect(char("𠮷a\u0308")).toBe("𠮷 a \u0308");
  });
});
