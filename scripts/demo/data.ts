// The demo task: rewrite an ISO date in words ("2024-03-07" → "7 March 2024"). Deterministic, so
// every fresh clone trains on the same data; small enough to learn on a CPU in minutes.
const MONTHS =
  "January February March April May June July August September October November December".split(
    " ",
  );
export const DEMO_SYSTEM = "Write the date in words, like 7 March 2024.";

function* dates(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (;;) {
    const y = 1990 + Math.floor(next() * 45),
      m = Math.floor(next() * 12),
      d = 1 + Math.floor(next() * 28);
    yield {
      prompt: `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
      completion: `${d} ${MONTHS[m]} ${y}`,
    };
  }
}

/** `count` distinct examples as chat JSONL; `skip` keeps the eval file disjoint from train. */
export function demoJsonl(
  count: number,
  exclude = new Set<string>(),
): { jsonl: string; prompts: Set<string> } {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of dates(20240307)) {
    if (lines.length >= count) break;
    if (seen.has(e.prompt) || exclude.has(e.prompt)) continue;
    seen.add(e.prompt);
    lines.push(
      JSON.stringify({
        messages: [
          { role: "system", content: DEMO_SYSTEM },
          { role: "user", content: e.prompt },
          { role: "assistant", content: e.completion },
        ],
      }),
    );
  }
  return { jsonl: `${lines.join("\n")}\n`, prompts: seen };
}
