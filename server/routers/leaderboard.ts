import { LeaderboardInput } from "@/server/schemas/leaderboard";
import { getLeaderboard } from "@/server/services/leaderboard";
import { createTRPCRouter, memberProcedure } from "@/server/trpc";

export const leaderboardRouter = createTRPCRouter({
  get: memberProcedure
    .input(LeaderboardInput)
    .query(({ ctx, input }) => getLeaderboard({ ctx, input })),
});
