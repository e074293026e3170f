import { eq, sql } from "drizzle-orm";
import { leaderboardState } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { jobKeys } from "@/server/jobs/contracts";
import { enqueueJob } from "@/server/jobs/enqueue";

/** Votes arrive in bursts; their refreshes wait this long, so one refresh covers a burst. */
export const VOTE_REFRESH_DELAY_MS = 5_000;

/**
 * Records that something the experiment's leaderboard shows changed (an evaluation landed, a
 * checkpoint was promoted, a vote arrived) and queues the refresh that will catch up: the pending
 * round's job, one for however many changes come before it runs. Call it in the change's
 * transaction, so the change and its refresh commit together.
 */
export async function leaderboardChanged(
  db: Db,
  experimentId: string,
  opts: { delayMs?: number } = {},
): Promise<void> {
  const [state] = await db
    .insert(leaderboardState)
    .values({ experimentId, version: 1 })
    .onConflictDoUpdate({
      target: leaderboardState.experimentId,
      set: { version: sql`${leaderboardState.version} + 1` },
    })
    .returning({ round: leaderboardState.round });
  await enqueueRefresh(db, experimentId, state!.round, opts.delayMs);
}

/**
 * Queues the pending round's refresh if none is queued, without recording a change: for a reader
 * that finds stale values no change announced (rows written before this existed, seeded data).
 */
export async function ensureLeaderboardRefresh(db: Db, experimentId: string): Promise<void> {
  await db.insert(leaderboardState).values({ experimentId }).onConflictDoNothing();
  const [state] = await db
    .select({ round: leaderboardState.round })
    .from(leaderboardState)
    .where(eq(leaderboardState.experimentId, experimentId));
  if (state) await enqueueRefresh(db, experimentId, state.round);
}

/** The change counter a refresh reads before its inputs (compared again by finishRound). */
export async function readVersion(db: Db, experimentId: string): Promise<number> {
  const [state] = await db
    .select({ version: leaderboardState.version })
    .from(leaderboardState)
    .where(eq(leaderboardState.experimentId, experimentId));
  return state?.version ?? 0;
}

/**
 * Ends a refresh that read its inputs after `version`, in the transaction that stores its results:
 * later changes queue the next round, and if changes came in while it computed, that round is
 * queued now. The state row is locked, so a concurrent change either commits before (and is seen
 * here) or after (and queues the next round itself).
 */
export async function finishRound(db: Db, experimentId: string, version: number): Promise<void> {
  const [state] = await db
    .select()
    .from(leaderboardState)
    .where(eq(leaderboardState.experimentId, experimentId))
    .for("update");
  if (!state) return;
  await db
    .update(leaderboardState)
    .set({ round: state.round + 1, error: null })
    .where(eq(leaderboardState.experimentId, experimentId));
  if (state.version > version) await enqueueRefresh(db, experimentId, state.round + 1);
}

/** A refresh that failed for good: records why and lets the next change queue a fresh round. */
export async function abandonRound(db: Db, experimentId: string, error: string): Promise<void> {
  await db
    .update(leaderboardState)
    .set({ round: sql`${leaderboardState.round} + 1`, error: error.slice(0, 2000) })
    .where(eq(leaderboardState.experimentId, experimentId));
}

async function enqueueRefresh(db: Db, experimentId: string, round: number, delayMs = 0) {
  await enqueueJob(db, {
    kind: "leaderboard.refresh",
    payload: { experimentId },
    key: jobKeys.refreshLeaderboard(experimentId, round),
    runAt: delayMs > 0 ? new Date(Date.now() + delayMs) : undefined,
  });
}
