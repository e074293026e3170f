import { sql } from "drizzle-orm";
import type { Db } from "@/server/db";

/**
 * What a campaign's results are a function of, as one string: its votes (only ever inserted, so
 * their count and the last one's time change with every vote) and the evaluations its runs point
 * at (the judge agreement reads their per-sample scores; a promotion changes them). Equal stamps,
 * equal results.
 */
export const campaignStampSql = (campaignId: unknown) => sql<string>`concat_ws(':',
  (SELECT count(*) FROM review_votes v WHERE v.campaign_id = ${campaignId}),
  (SELECT max(v.created_at)::text FROM review_votes v WHERE v.campaign_id = ${campaignId}),
  (SELECT string_agg(coalesce(e.id, '-'), ',' ORDER BY cr.position) FROM review_campaign_runs cr
    LEFT JOIN evaluations e ON e.run_id = cr.run_id AND e.status = 'completed'
    WHERE cr.campaign_id = ${campaignId}))`;

export async function campaignStamp(db: Db, campaignId: string): Promise<string> {
  const { rows } = await db.execute<{ stamp: string }>(
    sql`SELECT ${campaignStampSql(campaignId)} AS stamp`,
  );
  return rows[0]!.stamp;
}
