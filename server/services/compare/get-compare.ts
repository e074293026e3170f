import { CompareInput, type CompareOutput } from "@/server/schemas/compare";
import type { DomainCtx } from "@/server/services/datasets/scope";

export async function getCompare({ ctx: _ctx, input }: { ctx: DomainCtx; input: CompareInput }): Promise<CompareOutput> {
  const { baselineRunId } = CompareInput.parse(input);
  return { baselineRunId, primaryMetric: "", runs: [], configDiff: [], metrics: [] }; // filled in next
}
