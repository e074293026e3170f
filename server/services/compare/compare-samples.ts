import { CompareSamplesInput, type CompareSamplesOutput } from "@/server/schemas/compare";
import type { DomainCtx } from "@/server/services/datasets/scope";

export async function getCompareSamples({ ctx: _ctx, input }: { ctx: DomainCtx; input: CompareSamplesInput }): Promise<CompareSamplesOutput> {
  CompareSamplesInput.parse(input);
  return { metric: "", total: 0, counts: { aBetter: 0, bBetter: 0, tie: 0, bothWrong: 0 }, rows: [] }; // filled in next
}
