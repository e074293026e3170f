import { InviteUserInput, SetUserRoleInput, UserIdInput } from "@/server/schemas/users";
import { inviteUser, listUsers, removeUser, setUserRole } from "@/server/services/users";
import { adminProcedure, createTRPCRouter, memberProcedure } from "@/server/trpc";

export const usersRouter = createTRPCRouter({
  // Members assign reviewers to campaigns, so they see who is in the project; only admins change it.
  list: memberProcedure.query(({ ctx }) => listUsers({ ctx })),
  invite: adminProcedure
    .input(InviteUserInput)
    .mutation(({ ctx, input }) => inviteUser({ ctx, input })),
  setRole: adminProcedure
    .input(SetUserRoleInput)
    .mutation(({ ctx, input }) => setUserRole({ ctx, input })),
  remove: adminProcedure
    .input(UserIdInput)
    .mutation(({ ctx, input }) => removeUser({ ctx, input })),
});
