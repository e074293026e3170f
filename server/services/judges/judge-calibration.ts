import { and, eq } from "drizzle-orm";
import { reviewItems, reviewVotes } from "@/drizzle/schema";
import { type CalibrationItem, calibrate, combineOrders, type PairWinner } from "@/evals";
import type { Db } from "@/server/db";
import type { JudgeCalibration } from "@/server/schemas/judges";
import type { JudgedPair } from "./judge-pairs";

/**
 * A pairwise judge against a pairwise review campaign: every campaign item whose (sample, pair of
 * runs) the judge decided in both orders, with the people's current votes on it. A "both bad"
 * vote prefers neither answer, so it counts as a tie. Null when no item is shared.
 */
export async function judgeCalibration(
  db: Db,
  campaignId: string,
  pairs: JudgedPair[],
): Promise<JudgeCalibration | null> {
  const judged = new Map<string, { winner: PairWinner; runX: string }>();
  for (const p of pairs) {
    const verdict = combineOrders(p.game1, p.game2);
    if (!verdict) continue;
    const key = [p.sampleIdx, ...[p.runId, p.againstRunId].sort()].join(":");
    judged.set(key, { winner: verdict.winner, runX: p.runId });
  }
  const rows = await db
    .select({ item: reviewItems, outcome: reviewVotes.outcome })
    .from(reviewItems)
    .innerJoin(
      reviewVotes,
      and(eq(reviewVotes.itemId, reviewItems.id), eq(reviewVotes.isCurrent, true)),
    )
    .where(eq(reviewItems.campaignId, campaignId));
  const items = new Map<string, CalibrationItem & { humans: PairWinner[] }>();
  for (const { item, outcome } of rows) {
    if (!item.runB || !outcome) continue;
    const key = [item.sampleIdx, ...[item.runA, item.runB].sort()].join(":");
    const judge = judged.get(key);
    if (!judge) continue;
    const runY = judge.runX === item.runA ? item.runB : item.runA;
    const winnerRun = outcome === "a" ? item.runA : outcome === "b" ? item.runB : null;
    const human: PairWinner = winnerRun === null ? "tie" : winnerRun === judge.runX ? "x" : "y";
    const entry = items.get(key) ?? { runX: judge.runX, runY, judge: judge.winner, humans: [] };
    entry.humans.push(human);
    items.set(key, entry);
  }
  if (items.size === 0) return null;
  return { campaignId, ...calibrate([...items.values()]) };
}
