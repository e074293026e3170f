/** Seeded generator of awkward MT-like text for the property tests against sacreBLEU. */
import { mulberry32 } from "@/evals/rng";

export { mulberry32 };

const WORDS = [
  "the",
  "The",
  "cat",
  "dog",
  "sat",
  "on",
  "mat",
  "a",
  "an",
  "don't",
  "O'Neil's",
  "well-known",
  "U.S.A.",
  "It&apos;s",
  "&quot;quoted&quot;",
  "&amp;",
  "&lt;b&gt;",
  "<skipped>",
  "x--y",
  "(hi)",
  "[note]",
  "{a}",
  "#tag",
  "@user",
  "e-mail",
  "50%",
  "$5",
  "1,000.00",
  "3.5",
  "5-6-7",
  "-5",
  "2023.",
  "1999-2000",
  "10:30",
  "a/b",
  "Straße",
  "İstanbul",
  "ΣΟΦΙΑ",
  "naïve",
  "nai\u0308ve",
  "café",
  "«quote»",
  "—",
  "…",
  "€",
  "∑",
  "→",
  "“smart”",
  "中文",
  "字",
  "我们",
  "東京",
  "한국어",
  "日本語です。",
  "！",
  "，",
  "、",
  "😀",
  "👍🏽",
  "𝒳",
  "𠀀",
  "𠮷野家",
  "\u200b",
  "\ufeffBOM",
  "x\u0085y",
  "tab\tbed",
  "A",
  "B",
  "ok.",
  "end.",
  "Hello,",
  "world!",
  "?!",
  "...",
  "'",
  '"',
  "-",
  ",",
  ".",
];
const SEPS = [
  " ",
  " ",
  " ",
  " ",
  " ",
  "  ",
  "\t",
  "\u00a0",
  "\u3000",
  "\u2009",
  "\u0085",
  "\u001c",
  "\ufeff",
  "\u200b",
  "\n",
  "-\n",
  "",
];

export function makeText(rnd: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  if (rnd() < 0.05) return "";
  if (rnd() < 0.03) return pick([" ", "\t", "\u3000", " . "]);
  const n = 1 + Math.floor(rnd() * 12);
  let s = rnd() < 0.1 ? pick(SEPS) : "";
  for (let i = 0; i < n; i++) {
    let w = pick(WORDS);
    if (rnd() < 0.1) w = String(Math.floor(rnd() * 3000));
    s += w + (i < n - 1 ? pick(SEPS) : "");
  }
  if (rnd() < 0.15) s += pick([" ", "  ", "\t", ".", " .", "\u2028"]);
  return s;
}

/** A hypothesis near the reference (shared n-grams), so scores are not all zero. */
export function mutate(rnd: () => number, ref: string): string {
  if (rnd() < 0.15) return makeText(rnd);
  const toks = ref.split(" ");
  const out: string[] = [];
  for (const t of toks) {
    const r = rnd();
    if (r < 0.1) continue;
    if (r < 0.2) out.push(makeText(rnd));
    else out.push(rnd() < 0.05 ? t.toUpperCase() : t);
    if (rnd() < 0.05) out.push(t);
  }
  return out.join(" ");
}

export interface Corpus {
  hyps: string[];
  refs: (string | null)[][];
}

export function makeCorpus(rnd: () => number, maxSegs = 6, maxRefs = 3, allowNull = true): Corpus {
  const S = 1 + Math.floor(rnd() * maxSegs);
  const R = 1 + Math.floor(rnd() * maxRefs);
  const refs: (string | null)[][] = Array.from({ length: R }, () => []);
  const hyps: string[] = [];
  for (let i = 0; i < S; i++) {
    for (let k = 0; k < R; k++)
      refs[k]!.push(k > 0 && allowNull && rnd() < 0.15 ? null : makeText(rnd));
    hyps.push(mutate(rnd, refs[0]![i]!));
  }
  return { hyps, refs };
}
