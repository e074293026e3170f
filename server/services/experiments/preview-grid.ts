import { badRequest } from "@/server/errors";
import type { HyperparameterGrid } from "@/server/schemas/experiments";
import { expandGrid, gridSize, MAX_GRID_POINTS, pointName } from "./expand-grid";

/** How many runs a grid makes, and which, before anything is created. */
export function previewGrid({ input }: { input: HyperparameterGrid }) {
  const count = gridSize(input);
  if (count > MAX_GRID_POINTS)
    throw badRequest(
      `This grid makes ${count} runs; the limit is ${MAX_GRID_POINTS}. Remove some values.`,
    );
  const points = expandGrid(input).map((p, i) => ({
    index: i + 1,
    name: pointName(p),
    hyperparams: p,
  }));
  return { count: points.length, points };
}
