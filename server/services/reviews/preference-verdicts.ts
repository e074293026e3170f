import type { PreferenceExclusion, ReviewOutcome } from "@/core/enums";

export type ItemVerdict =
  | { kept: true; winner: "a" | "b"; chosen: number; total: number }
  | { kept: false; reason: PreferenceExclusion };

/**
 * One pairwise item's verdict from its current votes: the outcome with more than half of them.
 * A majority for "tie" or "both_bad" says neither answer is preferable; no majority is a split;
 * a winner below `minAgreement` (a share of the votes) is not clear enough.
 */
export function itemVerdict(outcomes: ReviewOutcome[], minAgreement: number | null): ItemVerdict {
  if (outcomes.length === 0) return { kept: false, reason: "no_votes" };
  const counts = new Map<ReviewOutcome, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  const [top, n] = [...counts].sort((x, y) => y[1] - x[1])[0]!;
  if (2 * n <= outcomes.length) return { kept: false, reason: "split" };
  if (top === "tie" || top === "both_bad") return { kept: false, reason: top };
  if (minAgreement !== null && n / outcomes.length < minAgreement)
    return { kept: false, reason: "below_agreement" };
  return { kept: true, winner: top, chosen: n, total: outcomes.length };
}
