import { describe, expect, test } from "vitest";
import { wordDiffSides } from "@/app/_components/word-diff";

const text = (s: { text: string }[]) => s.map((x) => x.text).join("");
const marked = (s: { text: string; changed: boolean }[]) =>
  s.filter((x) => x.changed).map((x) => x.text.trim());

describe("wordDiffSides (the compare view's word-level highlight)", () => {
  test("each side reassembles to its own text exactly", () => {
    const a = "The cat sat on the mat.\nIt purred.";
    const b = "The dog sat on a mat.\nIt purred loudly.";
    const d = wordDiffSides(a, b);
    expect(text(d.a)).toBe(a);
    expect(text(d.b)).toBe(b);
  });

  test("marks only the words that differ, on the side that has them", () => {
    const d = wordDiffSides("the quick brown fox jumps", "the slow brown fox leaps");
    expect(marked(d.a)).toEqual(["quick", "jumps"]);
    expect(marked(d.b)).toEqual(["slow", "leaps"]);
    expect(d.a[0]).toEqual({ text: "the ", changed: false });
  });

  test("identical texts have nothing marked; an empty side has no segments", () => {
    expect(marked(wordDiffSides("same words here", "same words here").a)).toEqual([]);
    const d = wordDiffSides("", "new text");
    expect(d.a).toEqual([]);
    expect(text(d.b)).toBe("new text");
    expect(d.b.every((s) => s.changed)).toBe(true);
  });

  test("markup in model output stays plain text in the segments", () => {
    const d = wordDiffSides("ok", "<img src=x onerror=alert(1)>");
    expect(text(d.b)).toBe("<img src=x onerror=alert(1)>");
  });

  test("adjacent segments of one kind are joined", () => {
    const d = wordDiffSides("a b c d", "a x y d");
    for (const side of [d.a, d.b]) {
      for (let i = 1; i < side.length; i++) expect(side[i]!.changed).not.toBe(side[i - 1]!.changed);
    }
  });
});
