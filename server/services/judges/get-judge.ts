import { desc, eq } from "drizzle-orm";
import { judgeVersions } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import type { JudgeDetailOut, JudgeIdInput } from "@/server/schemas/judges";
import { judgeOut, versionOut } from "./judge-out";
import { loadJudge } from "./load-judge";

/** A judge with every version, newest first. */
export async function getJudge({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: JudgeIdInput;
}): Promise<JudgeDetailOut> {
  const { judge, version } = await loadJudge(ctx, input.judgeId);
  const versions = await ctx.db
    .select()
    .from(judgeVersions)
    .where(eq(judgeVersions.judgeId, judge.id))
    .orderBy(desc(judgeVersions.version));
  return { ...judgeOut(judge, version), versions: versions.map(versionOut) };
}
