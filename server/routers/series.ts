import { SeriesInput } from "@/server/schemas/series";
import { getSeries } from "@/server/services/series";
import { createTRPCRouter, memberProcedure } from "@/server/trpc";

export const seriesRouter = createTRPCRouter({
  get: memberProcedure.input(SeriesInput).query(({ ctx, input }) => getSeries({ ctx, input })),
});
