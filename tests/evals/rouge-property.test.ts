/**
 * Property test: thousands of generated cases scored by evals/ and by rouge-score 0.1.2 itself
 * (nltk's Porter stemmer included) in one batch Python process: every ROUGE type, with and
 * without stemming, both tokenizers (the "unicode" one through rouge-score's own scorer with a
 * Python tokenizer written from its description), 1–4 references, multi-line summaries, empty
 * strings, punctuation, numbers and unicode text. Scores must be identical floats.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { porterStem } from "@/evals/porter-stemmer";
import {
  DEFAULT_ROUGE_TYPES,
  ROUGE_TYPES,
  type RougeOptions,
  type RougeType,
  rougeScore,
  rougeTokenize,
} from "@/evals/rouge";
import { makeText, mulberry32 } from "./generate";
import { hasOracle, runOracle } from "./oracle";
import { makeSummary, makeWord, nearSummary } from "./rouge-generate";

const rnd = mulberry32(20260105);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

function rougeOpts(): Required<RougeOptions> {
  const types: RougeType[] =
    rnd() < 0.5
      ? [...DEFAULT_ROUGE_TYPES]
      : ROUGE_TYPES.filter((t) => rnd() < (t.length === 6 && t !== "rouge1" ? 0.15 : 0.5));
  if (types.length === 0) types.push(pick(ROUGE_TYPES));
  return {
    types,
    useStemmer: rnd() < 0.5,
    tokenize: rnd() < 0.6 ? "rouge-score" : "unicode",
  };
}

type Case = { kind: string; [k: string]: unknown };
const cases: Case[] = [];
for (let i = 0; i < 3000; i++) {
  const unicode = rnd() < 0.3;
  const ref = makeSummary(rnd, unicode);
  const refs = [ref];
  const extra = rnd() < 0.4 ? 1 + Math.floor(rnd() * 3) : 0;
  for (let k = 0; k < extra; k++)
    refs.push(rnd() < 0.5 ? nearSummary(rnd, ref, unicode) : makeSummary(rnd, unicode));
  if (extra > 0 && rnd() < 0.5) refs.reverse();
  cases.push({ kind: "rouge", pred: nearSummary(rnd, ref, unicode), refs, opts: rougeOpts() });
}
for (let i = 0; i < 600; i++) {
  const text =
    rnd() < 0.5 ? makeText(rnd) : Array.from({ length: 8 }, () => makeWord(rnd)).join(" ");
  const opts = { tokenize: pick(["rouge-score", "unicode"]), useStemmer: rnd() < 0.5 };
  cases.push({ kind: "rouge_tokenize", text, opts });
}
const words = new Set<string>();
while (words.size < 20_000)
  words.add(
    makeWord(rnd)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ""),
  );
cases.push({ kind: "porter", words: [...words] });

describe.skipIf(!hasOracle)("ROUGE vs rouge-score 0.1.2 (generated cases)", () => {
  let expected: unknown[];
  beforeAll(() => {
    expected = runOracle(cases);
  });

  it("stems 20,000 words as nltk's PorterStemmer() does", () => {
    const c = cases.at(-1)!;
    const want = expected.at(-1) as string[];
    const got = (c.words as string[]).map(porterStem);
    const diff = got.flatMap((s, i) =>
      s === want[i] ? [] : [[(c.words as string[])[i], s, want[i]]],
    );
    expect(diff).toEqual([]);
    // Not a vacuous comparison: most of the generated words carry a suffix Porter removes.
    expect(got.filter((s, i) => s !== (c.words as string[])[i]).length).toBeGreaterThan(8000);
  });

  it("tokenizes as rouge-score (and as the unicode description)", () => {
    cases.forEach((c, i) => {
      if (c.kind !== "rouge_tokenize") return;
      const o = c.opts as { tokenize: "rouge-score" | "unicode"; useStemmer: boolean };
      expect
        .soft(rougeTokenize(c.text as string, o.tokenize, o.useStemmer), JSON.stringify(c))
        .toEqual(expected[i]);
    });
  });

  it(`scores ${cases.filter((c) => c.kind === "rouge").length} generated cases identically`, () => {
    let nonzero = 0;
    let partial = 0;
    let multiLine = 0;
    cases.forEach((c, i) => {
      if (c.kind !== "rouge") return;
      const want = expected[i] as Record<string, [number, number, number]> & { error?: string };
      const ctx = JSON.stringify(c);
      expect.soft(want.error, ctx).toBeUndefined();
      const opts = c.opts as Required<RougeOptions>;
      const got = rougeScore(c.pred as string, c.refs as string[], opts);
      for (const t of opts.types) {
        const s = got[t]!;
        expect.soft([s.precision, s.recall, s.fmeasure], `${t} ${ctx}`).toEqual(want[t]);
        if (s.fmeasure > 0) nonzero++;
        if (s.fmeasure > 0 && s.fmeasure < 1) partial++;
      }
      if ((c.pred as string).includes("\n")) multiLine++;
    });
    // The generator makes informative cases: most scores are neither 0 nor 1.
    expect(partial).toBeGreaterThan(5000);
    expect(nonzero).toBeGreaterThan(partial);
    expect(multiLine).toBeGreaterThan(500);
  });
});
