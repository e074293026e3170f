import { eq, sql } from "drizzle-orm";
import { leaderboardJudges } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { EvalSuite } from "@/server/schemas/experiments";
import type { LeaderboardJudgeColumns } from "@/server/schemas/judges";
import { judgeColumns, judgeColumnsStamp } from "./judge-columns";

const NONE: LeaderboardJudgeColumns = { judges: [], byRun: {} };
const hasPairwise = (suite: EvalSuite) => suite.judges?.some((j) => j.mode === "pairwise") ?? false;

/** For the leaderboard's refresh: the pairwise-judge columns to store, or null when the stored
 *  ones match their inputs. */
export async function staleJudgeColumns(
  db: Db,
  experimentId: string,
  suite: EvalSuite,
  campaign: { campaignId: string; stamp: string } | null,
): Promise<{ stamp: string; columns: LeaderboardJudgeColumns } | null> {
  if (!hasPairwise(suite)) return null;
  const stamp = await judgeColumnsStamp(db, experimentId, campaign?.stamp ?? "none");
  const [stored] = await db
    .select({ stamp: leaderboardJudges.stamp })
    .from(leaderboardJudges)
    .where(eq(leaderboardJudges.experimentId, experimentId));
  if (stored?.stamp === stamp) return null;
  return {
    stamp,
    columns: await judgeColumns(db, experimentId, suite, campaign?.campaignId ?? null),
  };
}

export async function storeJudgeColumns(
  db: Db,
  experimentId: string,
  value: { stamp: string; columns: LeaderboardJudgeColumns },
) {
  await db
    .insert(leaderboardJudges)
    .values({ experimentId, ...value })
    .onConflictDoUpdate({
      target: leaderboardJudges.experimentId,
      set: { ...value, computedAt: sql`now()` },
    });
}

/** For leaderboard.get: the stored columns, and whether their inputs moved since (then the last
 *  values are shown as updating and a refresh is queued). */
export async function readJudgeColumns(
  db: Db,
  experimentId: string,
  suite: EvalSuite,
  campaignStamp: string | null,
): Promise<{ columns: LeaderboardJudgeColumns; updating: boolean }> {
  if (!hasPairwise(suite)) return { columns: NONE, updating: false };
  const [stamp, [stored]] = await Promise.all([
    judgeColumnsStamp(db, experimentId, campaignStamp ?? "none"),
    db.select().from(leaderboardJudges).where(eq(leaderboardJudges.experimentId, experimentId)),
  ]);
  return { columns: stored?.columns ?? NONE, updating: stored?.stamp !== stamp };
}
