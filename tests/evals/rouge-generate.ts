/**
 * Seeded generator of summaries for the ROUGE tests against rouge-score: English words that
 * exercise every Porter step, punctuation, numbers, casing, multi-line summaries (rougeLsum) and
 * the awkward unicode text of generate.ts.
 */
import { makeText } from "./generate";

/** Stems and suffixes that reach every rule of NLTK's Porter stemmer (and its irregular pool). */
const STEMS =
  "relat condit valen hesit digit conform radic differ vil analog vietnam predic oper feud decis hope callous formal sensit sensib tripl form electr good reviv allow infer airlin gyroscop adjust defens irrit replac depend adopt homolog commun activ angular effect bowdler prob rat ceas control rol cares pon ti cat fe agre plaster bl motor conflat troubl siz hop tan fal his fiz fail fil happ sk enjo sp fl tr geo theo archaeo philo toy syzyg by ivy tree oat orrer news proce exce succe d l y yy sy hw 1990 abc12 b4".split(
    " ",
  );
const SUFFIXES =
  " ational tional enci anci izer bli abli alli entli eli ousli ization ation ator alism iveness fulness ousness aliti iviti biliti fulli logi logy icate ative alize iciti ical ful ness al ance ence er ic able ible ant ement ment ent sion tion ion ou ism ate iti ous ive ize e ll l sses ies ss s eed ed ing ied y at bl iz ying ly ings".split(
    " ",
  );
const WORDS =
  "the a of to and in is was for that on with as it by at from said sky skies dying lying tying news innings outing cannings howe proceed exceed succeed dies spied died flies cries running runs ran runner generously generation generations connected connecting connection connections relational conditional rational hopeful hopefulness goodness caresses ponies ties caress cats feed agreed bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing filing happy enjoy enjoyment spy fly try geology theology archaeology probate rate cease controll roll 2019 3.5 1,000 U.S. don't it's e-mail co-operate".split(
    " ",
  );
const PUNCT = [",", ".", "!", "?", ";", ":", "-", "(", ")", '"', "'", "…", "—", "«", "»", "/"];
const LINE_BREAKS = ["\n", "\n", "\n\n", " \n", "\n ", "\r\n", "\n\t\n"];

export function makeWord(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const r = rnd();
  let w =
    r < 0.45
      ? pick(WORDS)
      : r < 0.8
        ? pick(STEMS) + pick(SUFFIXES) + (rnd() < 0.3 ? pick(SUFFIXES) : "")
        : String(Math.floor(rnd() * 2000));
  if (rnd() < 0.1) w = w.toUpperCase();
  else if (rnd() < 0.15) w = w[0]!.toUpperCase() + w.slice(1);
  if (rnd() < 0.12) w += pick(PUNCT);
  if (rnd() < 0.04) w = pick(PUNCT) + w;
  return w;
}

function makeSentence(rnd: () => number, unicode: boolean): string {
  if (unicode && rnd() < 0.5) return makeText(rnd);
  const n = 1 + Math.floor(rnd() * 14);
  return Array.from({ length: n }, () => makeWord(rnd)).join(rnd() < 0.9 ? " " : "  ");
}

/** A summary of 1–4 lines; `unicode` mixes in non-ASCII text from generate.ts. */
export function makeSummary(rnd: () => number, unicode = false): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  if (rnd() < 0.04) return pick(["", " ", "\n", "...", "\n\n"]);
  const lines = 1 + Math.floor(rnd() * (rnd() < 0.5 ? 1 : 4));
  let s = "";
  for (let i = 0; i < lines; i++)
    s += (i > 0 ? pick(LINE_BREAKS) : "") + makeSentence(rnd, unicode);
  if (rnd() < 0.1) s += pick(LINE_BREAKS);
  return s;
}

/** A prediction close to a reference (shared words and sentences), so scores vary. */
export function nearSummary(rnd: () => number, ref: string, unicode = false): string {
  if (rnd() < 0.1) return makeSummary(rnd, unicode);
  return ref
    .split("\n")
    .filter(() => rnd() > 0.15)
    .map((line) => mutateLine(rnd, line, unicode))
    .join(rnd() < 0.7 ? "\n" : " ");
}

function mutateLine(rnd: () => number, line: string, unicode: boolean): string {
  const out: string[] = [];
  for (const w of line.split(" ")) {
    const r = rnd();
    if (r < 0.1) continue;
    if (r < 0.2) out.push(unicode && rnd() < 0.5 ? makeText(rnd) : makeWord(rnd));
    else out.push(rnd() < 0.05 ? w.toUpperCase() : w);
    if (rnd() < 0.05) out.push(w);
  }
  if (rnd() < 0.1) out.reverse();
  return out.join(" ");
}
