import { LeaderboardInput } from "@/server/schemas/leaderboard";
import { getLeaderboard } from "@/server/services/leaderboard";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";

export const leaderboardRouter = createTRPCRouter({
  get: protectedProcedure.input(LeaderboardInput).query(({ ctx, input }) => getLeaderboard({ ctx, input })),
});
