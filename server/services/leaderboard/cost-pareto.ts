import { paretoLayers } from "@/evals";
import type { RunCost } from "@/server/schemas/runs-table";

/** Quality vs cost: layer 1 is the Pareto front (no other run is both better and cheaper). */
export type LeaderboardPareto = { layer: number; onFront: boolean };

/**
 * Sets `pareto` on rows that have both a primary score and a cost (others stay null), with
 * quality maximised and cost minimised. The baseline takes part: a fine-tune that costs money
 * and does not beat the free base model is dominated by it.
 */
export function withPareto<
  R extends {
    runId: string;
    primary: { score: number } | null;
    cost: RunCost | null;
    pareto: LeaderboardPareto | null;
  },
>(rows: R[]): R[] {
  const items = rows
    .filter((r) => r.primary && typeof r.cost?.usd === "number")
    .map((r) => ({ id: r.runId, values: { quality: r.primary!.score, cost: r.cost!.usd! } }));
  if (items.length === 0) return rows;
  const layers = new Map(
    paretoLayers(items, [
      { name: "quality", direction: "max" },
      { name: "cost", direction: "min" },
    ]).map((l) => [l.id, l.layer]),
  );
  return rows.map((r) => {
    const layer = layers.get(r.runId);
    return layer === undefined ? r : { ...r, pareto: { layer, onFront: layer === 1 } };
  });
}
