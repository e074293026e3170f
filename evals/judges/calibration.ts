import { cohenKappa } from "../agreement";
import type { PairWinner } from "./swap";

/**
 * A pairwise judge against people on the same (sample, pair of runs): raw agreement, Cohen's κ
 * between the judge's final verdict and the human majority (labels x, y, tie), the confusion table,
 * and each run's win rate (tie = ½) by people and by the judge side by side. The human majority is
 * the label with strictly the most votes; a split vote (1–1, or 1–1–1) is a tie, since people did
 * not prefer either answer. κ below 0.4 ("fair" or worse on Landis & Koch's 1977 bands) carries a
 * warning, as does a κ that cannot be computed (every label the same on both sides).
 */

export const CALIBRATION_LABELS = ["x", "y", "tie"] as const;
export const KAPPA_WARNING_BELOW = 0.4;

export type CalibrationItem = {
  runX: string;
  runY: string;
  judge: PairWinner;
  humans: readonly PairWinner[];
};

export type KappaBand = "poor" | "slight" | "fair" | "moderate" | "substantial" | "almost perfect";

export type Calibration = {
  n: number;
  agreement: number | null;
  kappa: number | null;
  band: KappaBand | null;
  warning: boolean;
  /** confusion[human][judge], rows and columns in CALIBRATION_LABELS order. */
  confusion: number[][];
  winRates: { runId: string; human: number | null; judge: number | null; n: number }[];
};

/** Landis & Koch (1977) reading bands of κ. */
export function kappaBand(kappa: number): KappaBand {
  if (kappa < 0) return "poor";
  if (kappa <= 0.2) return "slight";
  if (kappa <= 0.4) return "fair";
  if (kappa <= 0.6) return "moderate";
  if (kappa <= 0.8) return "substantial";
  return "almost perfect";
}

export function humanMajority(votes: readonly PairWinner[]): PairWinner | null {
  if (votes.length === 0) return null;
  const counts = CALIBRATION_LABELS.map((l) => votes.filter((v) => v === l).length);
  const top = Math.max(...counts);
  const leaders = CALIBRATION_LABELS.filter((_, i) => counts[i] === top);
  return leaders.length === 1 ? leaders[0]! : "tie";
}

const points = (w: PairWinner, side: "x" | "y") => (w === "tie" ? 0.5 : w === side ? 1 : 0);

export function calibrate(items: readonly CalibrationItem[]): Calibration {
  const rows = items.flatMap((it) => {
    const human = humanMajority(it.humans);
    return human ? [{ ...it, human }] : [];
  });
  const index = (l: PairWinner) => CALIBRATION_LABELS.indexOf(l);
  const confusion = CALIBRATION_LABELS.map(() => CALIBRATION_LABELS.map(() => 0));
  for (const r of rows) confusion[index(r.human)]![index(r.judge)]!++;
  const n = rows.length;
  const kappa =
    n === 0
      ? null
      : cohenKappa(
          rows.map((r) => r.human),
          rows.map((r) => r.judge),
          { labels: [...CALIBRATION_LABELS] },
        );
  const runs = new Map<string, { human: number; judge: number; n: number }>();
  for (const r of rows)
    for (const [runId, side] of [
      [r.runX, "x"],
      [r.runY, "y"],
    ] as const) {
      const acc = runs.get(runId) ?? { human: 0, judge: 0, n: 0 };
      acc.human += points(r.human, side);
      acc.judge += points(r.judge, side);
      acc.n++;
      runs.set(runId, acc);
    }
  return {
    n,
    agreement: n === 0 ? null : rows.filter((r) => r.human === r.judge).length / n,
    kappa,
    band: kappa === null ? null : kappaBand(kappa),
    warning: n > 0 && (kappa === null || kappa < KAPPA_WARNING_BELOW),
    confusion,
    winRates: [...runs].map(([runId, a]) => ({
      runId,
      human: a.human / a.n,
      judge: a.judge / a.n,
      n: a.n,
    })),
  };
}
