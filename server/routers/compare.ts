import { CompareInput, CompareSamplesInput } from "@/server/schemas/compare";
import { getCompare, getCompareSamples } from "@/server/services/compare";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";

export const compareRouter = createTRPCRouter({
  get: protectedProcedure.input(CompareInput).query(({ ctx, input }) => getCompare({ ctx, input })),
  samples: protectedProcedure.input(CompareSamplesInput).query(({ ctx, input }) => getCompareSamples({ ctx, input })),
});
