/**
 * Property test: thousands of generated cases (unicode incl. astral and CJK, punctuation, numbers,
 * empty strings, Python-only whitespace, several references with gaps, every tokenizer, every
 * smoothing method, lowercase, chrF/chrF++ options) scored by our evals/ and by sacreBLEU 2.6.0 in
 * one batch Python process.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type BleuOptions, corpusBleu, SMOOTH_METHODS, sentenceBleu } from "@/evals/bleu";
import { type ChrfOptions, corpusChrf } from "@/evals/chrf";
import { TOKENIZERS } from "@/evals/tokenizers";
import { makeCorpus, makeText, mulberry32, mutate } from "./generate";
import { hasOracle, runOracle } from "./oracle";

const rnd = mulberry32(20240611);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

function bleuOpts(): BleuOptions {
  const o: BleuOptions = { tokenize: pick(TOKENIZERS), smoothMethod: pick(SMOOTH_METHODS) };
  if (rnd() < 0.3) o.lowercase = true;
  if (rnd() < 0.4) o.smoothValue = pick([0, 0.01, 0.1, 0.5, 1, 2]);
  if (rnd() < 0.2) o.maxNgramOrder = 1 + Math.floor(rnd() * 5);
  if (rnd() < 0.4) o.effectiveOrder = rnd() < 0.5;
  return o;
}
function chrfOpts(): ChrfOptions {
  const wordOrder = pick([0, 0, 1, 2]);
  return {
    charOrder: wordOrder > 0 && rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 6),
    wordOrder,
    beta: pick([1, 2, 3]),
    lowercase: rnd() < 0.3,
    whitespace: rnd() < 0.3,
    epsSmoothing: rnd() < 0.3,
  };
}

type Case = { kind: string; [k: string]: unknown };
const cases: Case[] = [];
for (let i = 0; i < 1500; i++) cases.push({ kind: "bleu", ...makeCorpus(rnd), opts: bleuOpts() });
for (let i = 0; i < 700; i++) {
  const ref = makeText(rnd);
  cases.push({
    kind: "sentence_bleu",
    hyp: mutate(rnd, ref),
    refs: [ref, ...(rnd() < 0.4 ? [makeText(rnd)] : [])],
    opts: bleuOpts(),
  });
}
for (let i = 0; i < 1500; i++) cases.push({ kind: "chrf", ...makeCorpus(rnd), opts: chrfOpts() });
for (let i = 0; i < 400; i++)
  cases.push({ kind: "tokenize", tok: pick(TOKENIZERS), text: makeText(rnd) });

describe.skipIf(!hasOracle)("evals vs sacreBLEU 2.6.0 (generated cases)", () => {
  let expected: unknown[];
  beforeAll(() => {
    expected = runOracle(cases);
  });

  it(`matches ${cases.length} generated cases`, () => {
    let checked = 0,
      identical = 0,
      nonzero = 0;
    cases.forEach((c, i) => {
      const want = expected[i] as Record<string, unknown>;
      const ctx = JSON.stringify(c);
      if (c.kind === "tokenize") {
        // sacreBLEU tokenizers are applied after rstrip, as BLEU does; compare the raw function.
        expect.soft(tokenizeOurs(c.tok as string, c.text as string), ctx).toBe(want);
      } else if (c.kind === "bleu" || c.kind === "sentence_bleu") {
        const got =
          c.kind === "bleu"
            ? corpusBleu(c.hyps as string[], c.refs as (string | null)[][], c.opts as BleuOptions)
            : sentenceBleu(c.hyp as string, c.refs as string[], c.opts as BleuOptions);
        expect.soft(want.error, ctx).toBeUndefined();
        expect.soft(Math.abs(got.score - (want.score as number)), ctx).toBeLessThanOrEqual(1e-9);
        if (got.score === want.score) identical++;
        if (got.score > 0) nonzero++;
        expect.soft(got.counts, ctx).toEqual(want.counts);
        expect.soft(got.totals, ctx).toEqual(want.totals);
        expect.soft([got.sysLen, got.refLen], ctx).toEqual([want.sysLen, want.refLen]);
        // V8 Math.exp (fdlibm) and glibc exp can differ in the last ulp.
        expect.soft(Math.abs(got.bp - (want.bp as number)), ctx).toBeLessThanOrEqual(1e-15);
        expect.soft(got.signature, ctx).toBe(want.signature);
      } else {
        const got = corpusChrf(
          c.hyps as string[],
          c.refs as (string | null)[][],
          c.opts as ChrfOptions,
        );
        expect.soft(want.error, ctx).toBeUndefined();
        // chrF uses no transcendental functions: bit-identical.
        expect.soft(got.score, ctx).toBe(want.score);
        if (got.score > 0) nonzero++;
        expect.soft([got.name, got.signature], ctx).toEqual([want.name, want.signature]);
      }
      checked++;
    });
    expect(checked).toBe(cases.length);
    // The generator must produce real matches, and BLEU is bit-identical except where glibc misrounds.
    expect(nonzero).toBeGreaterThan(0.6 * (cases.length - 400));
    expect(identical).toBeGreaterThan(0.99 * 2200);
  });
});

import { getTokenizer, type TokenizerName } from "@/evals/tokenizers";

function tokenizeOurs(tok: string, text: string): string {
  return getTokenizer(tok as TokenizerName)(text);
}
