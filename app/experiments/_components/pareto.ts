/** Quality-vs-cost Pareto frontier: a run is on it when no other run is at least as good for
 *  at most the same cost (and strictly better on one of the two). Pure, for tests/app. */
export type ParetoInput = { id: string; cost: number; quality: number };

export function paretoFrontier(points: readonly ParetoInput[]): Set<string> {
  const ok = points.filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.quality));
  // Cheapest first; at equal cost the better run first, so a worse twin is dominated.
  const sorted = [...ok].sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  const front = new Set<string>();
  let best = -Infinity;
  for (const p of sorted) {
    if (p.quality > best) {
      front.add(p.id);
      best = p.quality;
    }
  }
  return front;
}

/** Cost per quality point above the baseline: what each point of improvement bought. */
export function costPerPoint(
  cost: number,
  quality: number,
  baselineQuality: number | null,
): number | null {
  if (baselineQuality == null || !(quality > baselineQuality) || !Number.isFinite(cost))
    return null;
  return cost / (quality - baselineQuality);
}
