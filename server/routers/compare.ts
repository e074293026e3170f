import { CompareInput, CompareSamplesInput } from "@/server/schemas/compare";
import { getCompare, getCompareSamples } from "@/server/services/compare";
import { createTRPCRouter, memberProcedure } from "@/server/trpc";

export const compareRouter = createTRPCRouter({
  get: memberProcedure.input(CompareInput).query(({ ctx, input }) => getCompare({ ctx, input })),
  samples: memberProcedure
    .input(CompareSamplesInput)
    .query(({ ctx, input }) => getCompareSamples({ ctx, input })),
});
