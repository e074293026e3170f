/**
 * Deterministic benchmark corpus: 100,000 segments, one hypothesis and two references each,
 * news-like English with punctuation, numbers, casing and some non-ASCII. Same seed, same files.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { mulberry32 } from "../../evals/rng";

const SYLLABLES = [
  "ka",
  "ri",
  "to",
  "men",
  "sa",
  "lo",
  "ver",
  "an",
  "tel",
  "mi",
  "port",
  "de",
  "ra",
  "un",
  "is",
  "gar",
  "no",
  "el",
  "bri",
  "sto",
];
const EXTRA = [
  "the",
  "a",
  "of",
  "to",
  "and",
  "in",
  "is",
  "for",
  "that",
  "on",
  "with",
  "was",
  "as",
  "it",
  "by",
  "at",
  "from",
  "said",
  "über",
  "café",
  "naïve",
  "€",
  "—",
];

export function buildCorpus(
  dir: string,
  segments = 100_000,
  seed = 2024,
): { hyp: string; refs: string[] } {
  const rnd = mulberry32(seed);
  const vocab: string[] = [...EXTRA];
  while (vocab.length < 20_000) {
    let w = "";
    const n = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]!;
    vocab.push(rnd() < 0.1 ? w[0]!.toUpperCase() + w.slice(1) : w);
  }
  // Zipf-like word choice: frequent function words, long tail of content words.
  const word = () => {
    const r = rnd();
    if (r < 0.35) return EXTRA[Math.floor(rnd() * 17)]!;
    if (r < 0.05 + 0.35) return String(Math.floor(rnd() * 10000)) + (rnd() < 0.3 ? ".5" : "");
    return vocab[Math.floor(rnd() ** 2 * vocab.length)]!;
  };
  const sentence = () => {
    const n = 5 + Math.floor(rnd() * 35);
    const ws: string[] = [];
    for (let i = 0; i < n; i++) ws.push(word() + (rnd() < 0.08 ? "," : ""));
    ws[0] = ws[0]![0]!.toUpperCase() + ws[0]!.slice(1);
    return ws.join(" ") + (rnd() < 0.9 ? "." : "?");
  };
  const paraphrase = (s: string) =>
    s
      .split(" ")
      .filter(() => rnd() > 0.1)
      .map((w) => (rnd() < 0.2 ? word() : w))
      .join(" ");
  const hyp: string[] = [],
    r1: string[] = [],
    r2: string[] = [];
  for (let i = 0; i < segments; i++) {
    const src = sentence();
    r1.push(src);
    r2.push(paraphrase(src));
    hyp.push(paraphrase(src));
  }
  const files = { hyp: join(dir, "hyp.txt"), refs: [join(dir, "ref1.txt"), join(dir, "ref2.txt")] };
  writeFileSync(files.hyp, `${hyp.join("\n")}\n`);
  writeFileSync(files.refs[0]!, `${r1.join("\n")}\n`);
  writeFileSync(files.refs[1]!, `${r2.join("\n")}\n`);
  return files;
}
