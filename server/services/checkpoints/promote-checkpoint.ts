import type { CheckpointStepInput } from "@/server/schemas/checkpoints";
import type { DomainCtx } from "@/server/services/datasets/scope";

export async function promoteCheckpoint({ ctx: _ctx, input }: { ctx: DomainCtx; input: CheckpointStepInput }) {
  return { runId: input.runId, promotedStep: input.step as number | null }; // filled in next
}
