import { z } from "zod";
import { defineJob } from "@/server/jobs/define";
import { abandonRound, REFRESH_LEADERBOARD_JOB } from "@/server/services/leaderboard/board-state";
import { refreshLeaderboard } from "@/server/services/leaderboard/refresh-leaderboard";

/** Brings an experiment's stored leaderboard up to date; queued by leaderboardChanged, keyed by round. */
export const refreshLeaderboardJob = defineJob({
  kind: REFRESH_LEADERBOARD_JOB,
  payload: z.object({ experimentId: z.string().min(1) }),
  maxAttempts: 5,
  leaseSeconds: 120,
  async handler({ ctx, payload, job, signal }) {
    try {
      await refreshLeaderboard(ctx.db, payload.experimentId, { signal });
    } catch (e) {
      // On the last attempt, free the round's key so that the next change queues a fresh refresh.
      if (job.attempts >= job.maxAttempts && !signal.aborted)
        await abandonRound(ctx.db, payload.experimentId, (e as Error).message);
      throw e;
    }
  },
});
