import { getAuthStatus } from "@/server/services/users/get-auth-status";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/trpc";

export const authRouter = createTRPCRouter({
  // Public: the sign-in page asks it before anyone is signed in.
  status: publicProcedure.query(({ ctx }) => getAuthStatus({ ctx })),
  whoami: protectedProcedure.query(({ ctx }) => ({
    user: ctx.user,
    projectId: ctx.projectId,
    role: ctx.role,
    via: ctx.via,
  })),
});
