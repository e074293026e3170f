import { GetPreferenceInput, SetPreferenceInput } from "@/server/schemas/runs-table";
import { getPreference, setPreference } from "@/server/services/runs-table";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";

export const preferencesRouter = createTRPCRouter({
  get: protectedProcedure
    .input(GetPreferenceInput)
    .query(({ ctx, input }) => getPreference({ ctx, input })),
  set: protectedProcedure
    .input(SetPreferenceInput)
    .mutation(({ ctx, input }) => setPreference({ ctx, input })),
});
