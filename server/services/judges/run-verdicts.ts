import { and, asc, eq } from "drizzle-orm";
import { judgeCalls, judges, judgeVerdicts, judgeVersions, runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { notFound } from "@/server/errors";
import { type RunVerdictOut, type RunVerdictsInput, templateMode } from "@/server/schemas/judges";

/** Every judge verdict on a run's samples (or one sample), with the judge's answer. */
export async function runVerdicts({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: RunVerdictsInput;
}): Promise<RunVerdictOut[]> {
  const [run] = await ctx.db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.id, input.runId), eq(runs.projectId, projectOf(ctx))));
  if (!run) throw notFound("Run");
  const rows = await ctx.db
    .select({ link: judgeVerdicts, call: judgeCalls, version: judgeVersions, judge: judges })
    .from(judgeVerdicts)
    .innerJoin(judgeCalls, eq(judgeCalls.id, judgeVerdicts.callId))
    .innerJoin(judgeVersions, eq(judgeVersions.id, judgeVerdicts.judgeVersionId))
    .innerJoin(judges, eq(judges.id, judgeVersions.judgeId))
    .where(
      and(
        eq(judgeVerdicts.runId, run.id),
        input.sampleIdx === undefined ? undefined : eq(judgeVerdicts.sampleIdx, input.sampleIdx),
      ),
    )
    .orderBy(asc(judgeVerdicts.sampleIdx), asc(judges.name), asc(judgeVerdicts.game));
  return rows.map(({ link, call, version, judge }) => ({
    sampleIdx: link.sampleIdx,
    judgeId: judge.id,
    judgeName: judge.name,
    version: version.version,
    mode: templateMode(version.template),
    againstRunId: link.againstRunId || null,
    game: link.game,
    status: call.status,
    verdict: call.verdict,
    raw: call.raw,
  }));
}
