import type { HyperparameterGrid, Hyperparams } from "@/server/schemas/experiments";

export const MAX_GRID_POINTS = 1000;

/**
 * The cartesian product of the grid's axes, in a stable order (earlier axes vary slowest), with
 * duplicate values removed so a point is never trained twice.
 */
export function expandGrid(grid: HyperparameterGrid): Hyperparams[] {
  const axes = (Object.keys(grid) as (keyof HyperparameterGrid)[])
    .filter((k) => grid[k] !== undefined)
    .map((k) => [k, [...new Set(grid[k]!)]] as const);
  let points: Hyperparams[] = [{} as Hyperparams];
  for (const [key, values] of axes)
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return points;
}

export function gridSize(grid: HyperparameterGrid): number {
  return (Object.values(grid) as (number[] | undefined)[]).reduce(
    (n, v) => (v ? n * new Set(v).size : n),
    1,
  );
}

/** A short, readable run name: "lr 3e-4 · r 8 · 2 ep". */
export function pointName(p: Hyperparams): string {
  const parts = [`lr ${p.learningRate.toExponential()}`, `r ${p.loraRank}`, `${p.epochs} ep`];
  if (p.loraAlpha !== undefined) parts.push(`α ${p.loraAlpha}`);
  if (p.batchSize !== undefined) parts.push(`bs ${p.batchSize}`);
  return parts.join(" · ");
}
