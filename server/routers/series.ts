import { SeriesInput } from "@/server/schemas/series";
import { getSeries } from "@/server/services/series";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";

export const seriesRouter = createTRPCRouter({
  get: protectedProcedure.input(SeriesInput).query(({ ctx, input }) => getSeries({ ctx, input })),
});
