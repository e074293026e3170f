/**
 * NLTK's `PorterStemmer()` in its default NLTK_EXTENSIONS mode, the stemmer rouge-score 0.1.2
 * uses (`nltk.stem.porter.PorterStemmer()`, constructed without arguments). A rule-by-rule port
 * of nltk 3.10.4's `nltk/stem/porter.py`: Porter (1980) "An algorithm for suffix stripping",
 * Martin Porter's later extensions, and NLTK's own (the irregular-forms pool, `ies`/`ied` on
 * four-letter words, `y → i` only after a consonant, `alli` first, `fulli`, `logi`, the
 * two-letter `*o`). Checked word for word against nltk in tests/evals/rouge-stemmer.test.ts.
 */

/** NLTK's table of irregular forms: word → stem. */
const POOL = new Map<string, string>([
  ["sky", "sky"],
  ["skies", "sky"],
  ["dying", "die"],
  ["lying", "lie"],
  ["tying", "tie"],
  ["news", "news"],
  ["innings", "inning"],
  ["inning", "inning"],
  ["outings", "outing"],
  ["outing", "outing"],
  ["cannings", "canning"],
  ["canning", "canning"],
  ["howe", "howe"],
  ["proceed", "proceed"],
  ["exceed", "exceed"],
  ["succeed", "succeed"],
]);

const isVowel = (ch: string) => ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u";

/** `_is_consonant`: not a vowel, and a `y` is a consonant unless it follows a consonant. */
function isConsonant(word: string, i: number): boolean {
  const ch = word[i]!;
  if (isVowel(ch)) return false;
  if (ch !== "y") return true;
  let negate = false;
  while (i > 0 && word[i] === "y") {
    negate = !negate;
    i--;
  }
  return !isVowel(word[i]!) !== negate;
}

/** m in [C](VC){m}[V]: the number of vowel→consonant transitions. */
function measure(stem: string): number {
  let m = 0;
  let prevConsonant = false;
  for (let i = 0; i < stem.length; i++) {
    const ch = stem[i]!;
    const consonant: boolean = isVowel(ch) ? false : ch === "y" ? i === 0 || !prevConsonant : true;
    if (consonant && i > 0 && !prevConsonant) m++;
    prevConsonant = consonant;
  }
  return m;
}

function containsVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

const positiveMeasure = (stem: string) => measure(stem) > 0;
const measureAbove1 = (stem: string) => measure(stem) > 1;

/** *d: ends with a double consonant. */
const endsDoubleConsonant = (w: string) =>
  w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1);

/** *o: ends consonant–vowel–consonant, the last not w, x or y; or (NLTK) is a two-letter VC. */
function endsCvc(w: string): boolean {
  const n = w.length;
  return (
    (n >= 3 &&
      isConsonant(w, n - 3) &&
      !isConsonant(w, n - 2) &&
      isConsonant(w, n - 1) &&
      !"wxy".includes(w[n - 1]!)) ||
    (n === 2 && !isConsonant(w, 0) && isConsonant(w, 1))
  );
}

/** suffix, replacement, condition on the stem (null: unconditional); "*d" = a double consonant. */
type Rule = [string, string, ((stem: string) => boolean) | null];

/** `_apply_rule_list`: the first rule whose suffix matches decides; a failed condition stops. */
function applyRules(word: string, rules: Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === "*d") {
      if (!endsDoubleConsonant(word)) continue;
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  if (word.endsWith("ies") && word.length === 4) return `${word[0]}ie`;
  return applyRules(word, [
    ["sses", "ss", null],
    ["ies", "i", null],
    ["ss", "ss", null],
    ["s", "", null],
  ]);
}

function step1b(word: string): string {
  if (word.endsWith("ied")) return word.slice(0, -3) + (word.length === 4 ? "ie" : "i");
  if (word.endsWith("eed")) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let stem: string | null = null;
  for (const suffix of ["ed", "ing"]) {
    if (word.endsWith(suffix)) {
      const candidate = word.slice(0, -suffix.length);
      if (containsVowel(candidate)) {
        stem = candidate;
        break;
      }
    }
  }
  if (stem === null) return word;
  const last = stem[stem.length - 1]!;
  return applyRules(stem, [
    ["at", "ate", null],
    ["bl", "ble", null],
    ["iz", "ize", null],
    ["*d", last, () => last !== "l" && last !== "s" && last !== "z"],
    ["", "e", (s) => measure(s) === 1 && endsCvc(s)],
  ]);
}

const step1c = (word: string) =>
  applyRules(word, [["y", "i", (s) => s.length > 1 && isConsonant(s, s.length - 1)]]);

const STEP2: Rule[] = [
  ["ational", "ate", positiveMeasure],
  ["tional", "tion", positiveMeasure],
  ["enci", "ence", positiveMeasure],
  ["anci", "ance", positiveMeasure],
  ["izer", "ize", positiveMeasure],
  ["bli", "ble", positiveMeasure],
  ["alli", "al", positiveMeasure],
  ["entli", "ent", positiveMeasure],
  ["eli", "e", positiveMeasure],
  ["ousli", "ous", positiveMeasure],
  ["ization", "ize", positiveMeasure],
  ["ation", "ate", positiveMeasure],
  ["ator", "ate", positiveMeasure],
  ["alism", "al", positiveMeasure],
  ["iveness", "ive", positiveMeasure],
  ["fulness", "ful", positiveMeasure],
  ["ousness", "ous", positiveMeasure],
  ["aliti", "al", positiveMeasure],
  ["iviti", "ive", positiveMeasure],
  ["biliti", "ble", positiveMeasure],
  ["fulli", "ful", positiveMeasure],
];

function step2(word: string): string {
  if (word.endsWith("alli") && positiveMeasure(word.slice(0, -4))) {
    return step2(`${word.slice(0, -4)}al`);
  }
  // NLTK keeps the "l" of "logi" with the stem, so short stems like "geo", "theo" qualify.
  return applyRules(word, [...STEP2, ["logi", "log", () => positiveMeasure(word.slice(0, -3))]]);
}

const STEP3: Rule[] = [
  ["icate", "ic", positiveMeasure],
  ["ative", "", positiveMeasure],
  ["alize", "al", positiveMeasure],
  ["iciti", "ic", positiveMeasure],
  ["ical", "ic", positiveMeasure],
  ["ful", "", positiveMeasure],
  ["ness", "", positiveMeasure],
];

const STEP4: Rule[] = [
  ["al", "", measureAbove1],
  ["ance", "", measureAbove1],
  ["ence", "", measureAbove1],
  ["er", "", measureAbove1],
  ["ic", "", measureAbove1],
  ["able", "", measureAbove1],
  ["ible", "", measureAbove1],
  ["ant", "", measureAbove1],
  ["ement", "", measureAbove1],
  ["ment", "", measureAbove1],
  ["ent", "", measureAbove1],
  ["ion", "", (s) => measure(s) > 1 && (s.endsWith("s") || s.endsWith("t"))],
  ["ou", "", measureAbove1],
  ["ism", "", measureAbove1],
  ["ate", "", measureAbove1],
  ["iti", "", measureAbove1],
  ["ous", "", measureAbove1],
  ["ive", "", measureAbove1],
  ["ize", "", measureAbove1],
];

/** Step 5a tries both e-rules (see NLTK's comment), so it is not a rule list. */
function step5a(word: string): string {
  if (!word.endsWith("e")) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  return m > 1 || (m === 1 && !endsCvc(stem)) ? stem : word;
}

const step5b = (word: string) =>
  applyRules(word, [["ll", "l", () => measure(word.slice(0, -1)) > 1]]);

/** `PorterStemmer().stem(word)` (NLTK_EXTENSIONS, to_lowercase=True), for the ASCII tokens ROUGE
 *  stems (lengths are UTF-16 units, which equal Python's code points only below U+10000). */
export function porterStem(word: string): string {
  const lower = word.toLowerCase();
  const irregular = POOL.get(lower);
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return lower;
  let s = step1a(lower);
  s = step1b(s);
  s = step1c(s);
  s = step2(s);
  s = applyRules(s, STEP3);
  s = applyRules(s, STEP4);
  s = step5a(s);
  return step5b(s);
}
