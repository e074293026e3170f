import {
  CreateExperimentInput,
  ExperimentIdInput,
  HyperparameterGrid,
  SetExperimentEvaluationInput,
} from "@/server/schemas/experiments";
import {
  createExperiment,
  getExperiment,
  listExperiments,
  listLocalDevices,
  previewGrid,
  setExperimentEvaluation,
} from "@/server/services/experiments";
import { createTRPCRouter, memberProcedure } from "@/server/trpc";

export const experimentsRouter = createTRPCRouter({
  previewGrid: memberProcedure
    .input(HyperparameterGrid)
    .query(({ input }) => previewGrid({ input })),
  create: memberProcedure
    .input(CreateExperimentInput)
    .mutation(({ ctx, input }) => createExperiment({ ctx, input })),
  setEvaluation: memberProcedure
    .input(SetExperimentEvaluationInput)
    .mutation(({ ctx, input }) => setExperimentEvaluation({ ctx, input })),
  list: memberProcedure.query(({ ctx }) => listExperiments({ ctx })),
  localDevices: memberProcedure.query(() => listLocalDevices()),
  get: memberProcedure
    .input(ExperimentIdInput)
    .query(({ ctx, input }) => getExperiment({ ctx, input })),
});
