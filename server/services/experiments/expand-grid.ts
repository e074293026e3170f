import type { HyperparameterGrid, Hyperparams } from "@/server/schemas/experiments";

export const MAX_GRID_POINTS = 1000;

/**
 * The cartesian product of the grid's axes, in a stable order (earlier axes vary slowest), with
 * duplicate values removed so a point is never trained twice. A "full" run trains no adapter, so
 * LoRA rank and alpha do not change it: it is kept once, with the first of them.
 */
export function expandGrid(grid: HyperparameterGrid): Hyperparams[] {
  const axes = (Object.keys(grid) as (keyof HyperparameterGrid)[])
    .filter((k) => grid[k] !== undefined)
    .map((k) => [k, [...new Set<unknown>(grid[k]!)]] as const);
  let points: Hyperparams[] = [{} as Hyperparams];
  for (const [key, values] of axes)
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  const seen = new Set<string>();
  return points.filter((p) => {
    if (p.parameters !== "full") return true;
    const { loraRank: _r, loraAlpha: _a, ...rest } = p;
    const key = JSON.stringify(rest);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The product of the axes' sizes: an upper bound on expandGrid's length, known before it runs. */
export function gridSize(grid: HyperparameterGrid): number {
  return (Object.values(grid) as (unknown[] | undefined)[]).reduce(
    (n, v) => (v ? n * new Set(v).size : n),
    1,
  );
}

/** A short, readable run name: "lr 3e-4 · r 8 · 2 ep", led by the method when the grid names it
 *  ("dpo · full · lr 3e-4 · …"); a full run trains no adapter, so its name has no rank. */
export function pointName(p: Hyperparams): string {
  const parts = [p.objective, p.parameters].filter((x) => x !== undefined) as string[];
  parts.push(`lr ${p.learningRate.toExponential()}`);
  if (p.parameters !== "full") parts.push(`r ${p.loraRank}`);
  parts.push(`${p.epochs} ep`);
  if (p.loraAlpha !== undefined) parts.push(`α ${p.loraAlpha}`);
  if (p.batchSize !== undefined) parts.push(`bs ${p.batchSize}`);
  return parts.join(" · ");
}
