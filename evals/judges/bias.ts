import { binomialTwoSided } from "../binomial";
import { combineOrders } from "./swap";
import type { PairwiseChoice } from "./verdict";

/**
 * A pairwise judge's known biases, from its swapped games (Zheng et al. 2023 §3.3; Shi et al.
 * 2024, arXiv:2406.07791):
 * - flip rate: share of pairs whose two orders disagree (MT-Bench's "inconsistent"; 1 − position
 *   consistency);
 * - first-slot preference: among games with a winner, the share won by the answer shown first, with
 *   an exact two-sided binomial p against 1/2;
 * - length bias: among pairs with a final winner and answers of different lengths (characters, as
 *   AlpacaEval measures), the share won by the longer answer, with its binomial p against 1/2.
 * Games that did not parse are left out, and pairs with such a game too.
 */

export type SwappedPair = {
  game1: PairwiseChoice | null;
  game2: PairwiseChoice | null;
  /** Characters of the pair's two answers (x first). */
  lengthX: number;
  lengthY: number;
};

export type Share = { share: number | null; k: number; n: number; p: number | null };

export type JudgeBias = {
  /** Pairs with both games parsed. */
  pairs: number;
  flipRate: number | null;
  firstSlot: Share;
  longerWins: Share;
};

const share = (k: number, n: number): Share =>
  n === 0 ? { share: null, k, n, p: null } : { share: k / n, k, n, p: binomialTwoSided(k, n) };

export function judgeBias(pairs: readonly SwappedPair[]): JudgeBias {
  let both = 0;
  let flips = 0;
  let firstWins = 0;
  let decidedGames = 0;
  let longerWins = 0;
  let decidedByLength = 0;
  for (const p of pairs) {
    for (const g of [p.game1, p.game2]) {
      if (g === "A" || g === "B") {
        decidedGames++;
        if (g === "A") firstWins++;
      }
    }
    const verdict = combineOrders(p.game1, p.game2);
    if (!verdict) continue;
    both++;
    if (verdict.flipped) flips++;
    if (verdict.winner !== "tie" && p.lengthX !== p.lengthY) {
      decidedByLength++;
      if ((verdict.winner === "x") === p.lengthX > p.lengthY) longerWins++;
    }
  }
  return {
    pairs: both,
    flipRate: both === 0 ? null : flips / both,
    firstSlot: share(firstWins, decidedGames),
    longerWins: share(longerWins, decidedByLength),
  };
}
