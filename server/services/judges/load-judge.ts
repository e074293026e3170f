import { and, eq } from "drizzle-orm";
import { judges, judgeVersions } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";

/** A judge of the caller's project with one of its versions (default: the current one). */
export async function loadJudge(ctx: DomainCtx, judgeId: string, version?: number) {
  const [judge] = await ctx.db
    .select()
    .from(judges)
    .where(and(eq(judges.id, judgeId), eq(judges.projectId, projectOf(ctx))));
  if (!judge) throw notFound("Judge");
  const [row] = await ctx.db
    .select()
    .from(judgeVersions)
    .where(
      and(
        eq(judgeVersions.judgeId, judge.id),
        eq(judgeVersions.version, version ?? judge.currentVersion),
      ),
    );
  if (!row) throw notFound(`Version ${version} of judge ${judge.name}`);
  return { judge, version: row };
}
