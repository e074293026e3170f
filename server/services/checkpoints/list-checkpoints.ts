import type { CheckpointsListOutput } from "@/server/schemas/checkpoints";
import type { DomainCtx } from "@/server/services/datasets/scope";

export async function listCheckpoints({ ctx: _ctx, input: _input }: { ctx: DomainCtx; input: { runId: string } }): Promise<CheckpointsListOutput> {
  return { primaryMetric: "", checkpoints: [] }; // filled in next
}
