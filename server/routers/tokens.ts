import { CreateTokenInput, TokenIdInput } from "@/server/schemas/tokens";
import { createToken, listTokens, revokeToken } from "@/server/services/tokens";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";

// Any member may hold tokens; a token never acts beyond its owner's current role.
export const tokensRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listTokens({ ctx })),
  create: protectedProcedure
    .input(CreateTokenInput)
    .mutation(({ ctx, input }) => createToken({ ctx, input })),
  revoke: protectedProcedure
    .input(TokenIdInput)
    .mutation(({ ctx, input }) => revokeToken({ ctx, input })),
});
