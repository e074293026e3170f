import { JudgeBoardInput } from "@/server/schemas/judge-board";
import { judgeBoard } from "@/server/services/judge-board";
import { createTRPCRouter, memberProcedure } from "@/server/trpc";

// Read-only: what an experiment's pairwise judges found, for the leaderboard and review results.
export const judgeBoardRouter = createTRPCRouter({
  get: memberProcedure.input(JudgeBoardInput).query(({ ctx, input }) => judgeBoard({ ctx, input })),
});
