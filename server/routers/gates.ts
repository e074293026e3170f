import { ListGateVerdictsInput } from "@/server/schemas/gates";
import { getExperimentGates } from "@/server/services/gates";
import { createTRPCRouter, memberProcedure } from "@/server/trpc";

export const gatesRouter = createTRPCRouter({
  list: memberProcedure
    .input(ListGateVerdictsInput)
    .query(({ ctx, input }) => getExperimentGates(ctx.db, { projectId: ctx.projectId, ...input })),
});
