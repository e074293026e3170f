// The demo task: one sentence describing a restaurant record (name, food, area, price, rating), in
// the manner of the E2E NLG Challenge (Novikova et al., 2017). Each record has several correct
// phrasings, all kept as references, so BLEU, chrF and ROUGE-L score an output against the closest
// one (multi-reference). Generated from a seed: every fresh clone trains on the same data.
const WORDS_A =
  "Golden Blue Green Red Silver Little Old Lucky Happy Hidden Royal Wild Copper Crooked Sleepy Sunny".split(
    " ",
  );
const WORDS_B =
  "Fork Lantern Spoon Garden Olive Kettle Anchor Table Pepper Harbour Oak Mill Lemon Barrel Bell Fox".split(
    " ",
  );
const FOODS = "Italian Chinese Indian French Japanese Mexican Thai Greek Spanish English".split(
  " ",
);
const AREAS = [
  { name: "city centre", at: "in the city centre" },
  { name: "riverside", at: "by the riverside" },
  { name: "old town", at: "in the old town" },
  { name: "harbour", at: "by the harbour" },
  { name: "university quarter", at: "in the university quarter" },
];
const PRICES = [
  { adjective: "cheap", level: "low" },
  { adjective: "moderately priced", level: "moderate" },
  { adjective: "expensive", level: "high" },
];
export const DEMO_SYSTEM = "Describe the restaurant in one sentence.";
/** Every restaurant name is "The <A> <B>": the demo's rule checks the sentence names one. */
export const NAME_PATTERN = `\\bThe (?:${WORDS_A.join("|")}) (?:${WORDS_B.join("|")})\\b`;

export type Restaurant = {
  name: string;
  food: string;
  area: (typeof AREAS)[number];
  price: (typeof PRICES)[number];
  rating: number;
};

const PHRASINGS: ((r: Restaurant) => string)[] = [
  (r) =>
    `${r.name} is ${an(r.price.adjective)} ${r.food} restaurant ${r.area.at}, rated ${r.rating} out of 5.`,
  (r) =>
    `${cap(r.area.at)}, ${r.name} serves ${r.price.adjective} ${r.food} food and is rated ${r.rating} out of 5.`,
  (r) =>
    `${r.name} offers ${r.food} food at ${r.price.level} prices ${r.area.at}, with a rating of ${r.rating} out of 5.`,
  (r) =>
    `Rated ${r.rating} out of 5, ${r.name} is ${an(r.food)} restaurant ${r.area.at} with ${r.price.level} prices.`,
];
const an = (word: string) => `${/^[AEIOUaeiou]/.test(word) ? "an" : "a"} ${word}`;
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** The record as the model sees it. */
export const recordPrompt = (r: Restaurant) =>
  `name: ${r.name} | food: ${r.food} | area: ${r.area.name} | price: ${r.price.adjective} | rating: ${r.rating}/5`;

function* restaurants(seed: number): Generator<Restaurant> {
  let s = seed >>> 0;
  const pick = <T>(xs: readonly T[]): T => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return xs[Math.floor((s / 2 ** 32) * xs.length)]!;
  };
  for (;;)
    yield {
      name: `The ${pick(WORDS_A)} ${pick(WORDS_B)}`,
      food: pick(FOODS),
      area: pick(AREAS),
      price: pick(PRICES),
      rating: pick([1, 2, 3, 4, 5]),
    };
}

/**
 * `count` records with distinct names as chat JSONL. The answer trained on is one phrasing
 * (they take turns, so the model sees them all); `references` holds the others. `exclude` keeps
 * the eval file's restaurants out of the training file.
 */
export function demoJsonl(
  count: number,
  { seed = 20240307, exclude = new Set<string>() } = {},
): { jsonl: string; names: Set<string> } {
  const names = new Set<string>();
  const lines: string[] = [];
  for (const r of restaurants(seed)) {
    if (lines.length >= count) break;
    if (names.has(r.name) || exclude.has(r.name)) continue;
    names.add(r.name);
    const turn = lines.length % PHRASINGS.length;
    const phrasings = PHRASINGS.map((say) => say(r));
    lines.push(
      JSON.stringify({
        messages: [
          { role: "system", content: DEMO_SYSTEM },
          { role: "user", content: recordPrompt(r) },
          { role: "assistant", content: phrasings[turn] },
        ],
        references: phrasings.filter((_, i) => i !== turn),
      }),
    );
  }
  return { jsonl: `${lines.join("\n")}\n`, names };
}
