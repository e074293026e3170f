import { CheckpointStepInput, CheckpointsListInput } from "@/server/schemas/checkpoints";
import {
  listCheckpoints,
  promoteCheckpoint,
  requestCheckpointEvaluation,
} from "@/server/services/checkpoints";
import { createTRPCRouter, memberProcedure } from "@/server/trpc";

export const checkpointsRouter = createTRPCRouter({
  list: memberProcedure
    .input(CheckpointsListInput)
    .query(({ ctx, input }) => listCheckpoints({ ctx, input })),
  evaluate: memberProcedure
    .input(CheckpointStepInput)
    .mutation(({ ctx, input }) => requestCheckpointEvaluation({ ctx, input })),
  promote: memberProcedure
    .input(CheckpointStepInput)
    .mutation(({ ctx, input }) => promoteCheckpoint({ ctx, input })),
});
