import type { CheckpointStepInput } from "@/server/schemas/checkpoints";
import type { DomainCtx } from "@/server/services/datasets/scope";

export async function requestCheckpointEvaluation({ ctx: _ctx, input }: { ctx: DomainCtx; input: CheckpointStepInput }) {
  return { runId: input.runId, step: input.step, status: "queued" as const }; // filled in next
}
