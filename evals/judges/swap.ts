import type { PairwiseChoice } from "./verdict";

/**
 * MT-Bench's position-swap rule (Zheng et al. 2023 §3.4; FastChat `play_a_match_pair` and
 * show_result.py): every pair (x, y) is judged twice, game 1 showing x as A and game 2 showing y
 * as A. The same winner in both games is the verdict; games that disagree ("inconsistent", a
 * flip) count as a tie. A pair with an unparsed game has no verdict (FastChat drops it).
 */

/** A verdict relative to the pair's runs: "x" = the first run of the pair won. */
export type PairWinner = "x" | "y" | "tie";

export type PairVerdict = { winner: PairWinner; flipped: boolean };

/** Game 1 shows x as A; game 2 shows y as A. */
export function gameWinner(choice: PairwiseChoice, game: 1 | 2): PairWinner {
  if (choice === "C") return "tie";
  return (choice === "A") === (game === 1) ? "x" : "y";
}

export function combineOrders(
  game1: PairwiseChoice | null,
  game2: PairwiseChoice | null,
): PairVerdict | null {
  if (game1 === null || game2 === null) return null;
  const w1 = gameWinner(game1, 1);
  const w2 = gameWinner(game2, 2);
  return w1 === w2 ? { winner: w1, flipped: false } : { winner: "tie", flipped: true };
}
