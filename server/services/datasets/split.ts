import { createHash } from "node:crypto";
import { mulberry32 } from "@/evals";
import type { Example, Message } from "./parse-jsonl";

/** Holds out round(n × fraction) examples (at least one) chosen by a seeded shuffle; both parts keep file order. */
export function seededSplit<T>(
  items: T[],
  fraction: number,
  seed: number,
): { train: T[]; eval: T[] } {
  const n = items.length;
  const evalCount = Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
  const order = items.map((_, i) => i);
  const next = mulberry32(seed); // seeded: the same split on every machine and every run
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const held = new Set(order.slice(0, evalCount));
  return { train: items.filter((_, i) => !held.has(i)), eval: items.filter((_, i) => held.has(i)) };
}

/** The version's identity: the normalised examples of both splits, not the file bytes. */
export function contentHash(format: string, train: Example[], evalSet: Example[]): string {
  const h = createHash("sha256");
  h.update(
    JSON.stringify({
      format,
      train: train.map((e) => e.messages),
      eval: evalSet.map((e) => e.messages),
      // Only preference data has these: a chat dataset's hash is what it always was.
      ...(format === "preference"
        ? { rejected: [...train, ...evalSet].map((e) => e.rejected ?? null) }
        : {}),
      // Likewise, only data with extra references hashes them.
      ...([...train, ...evalSet].some((e) => e.references)
        ? { references: [...train, ...evalSet].map((e) => e.references ?? null) }
        : {}),
    }),
  );
  return h.digest("hex");
}

export type LengthStats = { min: number; mean: number; p50: number; p95: number; max: number };
export type SplitStats = {
  count: number;
  promptChars: LengthStats;
  completionChars: LengthStats;
  turns: LengthStats;
};

function lengthStats(values: number[]): LengthStats {
  if (values.length === 0) return { min: 0, mean: 0, p50: 0, p95: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return {
    min: s[0]!,
    mean: Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 10) / 10,
    p50: q(0.5),
    p95: q(0.95),
    max: s[s.length - 1]!,
  };
}

const promptOf = (m: Message[]) => m.slice(0, -1);

export function splitStats(examples: Example[]): SplitStats {
  return {
    count: examples.length,
    promptChars: lengthStats(
      examples.map((e) => promptOf(e.messages).reduce((n, m) => n + m.content.length, 0)),
    ),
    completionChars: lengthStats(
      examples.map((e) => e.messages[e.messages.length - 1]!.content.length),
    ),
    turns: lengthStats(examples.map((e) => e.messages.length)),
  };
}
