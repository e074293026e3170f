import { type Battle, type BradleyTerryRating, bradleyTerry } from "../bradley-terry";
import { clusterBootstrap } from "../cluster-bootstrap";
import type { PairWinner } from "./swap";

/**
 * A run's pairwise win rate against a reference run, tie = ½ (FastChat's `win_rate_adjusted`,
 * AlpacaEval's ties), with a percentile bootstrap CI (2.5 %, 97.5 %) over samples; and a judge
 * Bradley–Terry rating across runs from every pair's final verdict (evals/bradley-terry.ts,
 * a flip already counted as a tie).
 */

/** One sample's final verdict between the run (x) and the reference (y). */
export type ReferenceVerdict = PairWinner;

export type WinRate = { winRate: number | null; ci: [number, number] | null; n: number };

const points = (w: ReferenceVerdict) => (w === "x" ? 1 : w === "tie" ? 0.5 : 0);
const meanPoints = (ws: readonly ReferenceVerdict[]) =>
  ws.length === 0 ? null : ws.reduce((s, w) => s + points(w), 0) / ws.length;

export function winRate(
  verdicts: readonly ReferenceVerdict[],
  o: { rounds?: number; seed?: number } = {},
): WinRate {
  return {
    winRate: meanPoints(verdicts),
    ci: clusterBootstrap(verdicts, meanPoints, o.rounds ?? 1000, o.seed ?? 0),
    n: verdicts.length,
  };
}

/** A final verdict between two runs, for the rating across runs. */
export type RunVerdict = { x: string; y: string; winner: PairWinner };

export function judgeRatings(
  verdicts: readonly RunVerdict[],
  o: { bootstrap?: number; seed?: number } = {},
): BradleyTerryRating[] {
  if (verdicts.length === 0) return [];
  const battles: Battle[] = verdicts.map((v) => ({
    a: v.x,
    b: v.y,
    winner: v.winner === "x" ? "a" : v.winner === "y" ? "b" : "tie",
  }));
  return bradleyTerry(battles, { bootstrap: o.bootstrap ?? 200, seed: o.seed ?? 0 });
}
