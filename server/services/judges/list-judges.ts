import { and, asc, eq } from "drizzle-orm";
import { judges, judgeVersions } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import type { JudgeOut } from "@/server/schemas/judges";
import { judgeOut } from "./judge-out";

/** The project's judges with their current versions, by name. */
export async function listJudges({ ctx }: { ctx: DomainCtx }): Promise<JudgeOut[]> {
  const rows = await ctx.db
    .select({ judge: judges, version: judgeVersions })
    .from(judges)
    .innerJoin(
      judgeVersions,
      and(eq(judgeVersions.judgeId, judges.id), eq(judgeVersions.version, judges.currentVersion)),
    )
    .where(eq(judges.projectId, projectOf(ctx)))
    .orderBy(asc(judges.name));
  return rows.map((r) => judgeOut(r.judge, r.version));
}
