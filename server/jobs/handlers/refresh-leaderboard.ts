import { defineJob } from "@/server/jobs/define";
import { abandonRound } from "@/server/services/leaderboard/board-state";
import { refreshLeaderboard } from "@/server/services/leaderboard/refresh-leaderboard";

/** Brings an experiment's stored leaderboard up to date; queued by leaderboardChanged, keyed by round. */
export const refreshLeaderboardJob = defineJob({
  kind: "leaderboard.refresh",
  leaseSeconds: 120,
  async handler({ ctx, payload, signal }) {
    await refreshLeaderboard(ctx.db, payload.experimentId, { signal });
  },
  // Frees the round's key, so that the next change queues a fresh refresh.
  async onFinalFailure({ ctx, payload, error }) {
    await abandonRound(ctx.db, payload.experimentId, error.message);
  },
});
