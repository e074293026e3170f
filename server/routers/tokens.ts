import { CreateTokenInput, TokenIdInput } from "@/server/schemas/tokens";
import { createToken, listTokens, revokeToken } from "@/server/services/tokens";
import { createTRPCRouter, memberProcedure, protectedProcedure } from "@/server/trpc";

// Admins and members create tokens; a token never acts beyond its owner's current role, and not at
// all while its owner is a reviewer (reviewers work their queue in the browser). Anyone may list
// and revoke their own, a person demoted to reviewer included.
export const tokensRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listTokens({ ctx })),
  create: memberProcedure
    .input(CreateTokenInput)
    .mutation(({ ctx, input }) => createToken({ ctx, input })),
  revoke: protectedProcedure
    .input(TokenIdInput)
    .mutation(({ ctx, input }) => revokeToken({ ctx, input })),
});
