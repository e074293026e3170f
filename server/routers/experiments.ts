import { CreateExperimentInput, ExperimentIdInput, HyperparameterGrid } from "@/server/schemas/experiments";
import { createExperiment, getExperiment, listExperiments, previewGrid } from "@/server/services/experiments";
import { createTRPCRouter, memberProcedure, protectedProcedure } from "@/server/trpc";

export const experimentsRouter = createTRPCRouter({
  previewGrid: protectedProcedure.input(HyperparameterGrid).query(({ input }) => previewGrid({ input })),
  create: memberProcedure.input(CreateExperimentInput).mutation(({ ctx, input }) => createExperiment({ ctx, input })),
  list: protectedProcedure.query(({ ctx }) => listExperiments({ ctx })),
  get: protectedProcedure.input(ExperimentIdInput).query(({ ctx, input }) => getExperiment({ ctx, input })),
});
