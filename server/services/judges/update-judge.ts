import { and, eq, sql } from "drizzle-orm";
import { judges, judgeVersions } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { notFound } from "@/server/errors";
import { type JudgeOut, UpdateJudgeInput } from "@/server/schemas/judges";
import { checkJudgeSettings } from "./check-judge";
import { judgeOut } from "./judge-out";

/** Stores the settings as the judge's next version. Earlier versions stay: suites that pinned one
 *  keep judging with it, and every stored verdict still names the version that gave it. */
export async function updateJudge({
  ctx,
  input: raw,
}: {
  ctx: DomainCtx;
  input: UpdateJudgeInput;
}): Promise<JudgeOut> {
  const input = UpdateJudgeInput.parse(raw);
  checkJudgeSettings(input);
  return withTransaction(ctx.db, async (tx) => {
    // The increment takes the row lock, so two edits at once get versions n+1 and n+2.
    const [judge] = await tx
      .update(judges)
      .set({ currentVersion: sql`${judges.currentVersion} + 1` })
      .where(and(eq(judges.id, input.judgeId), eq(judges.projectId, projectOf(ctx))))
      .returning();
    if (!judge) throw notFound("Judge");
    const [version] = await tx
      .insert(judgeVersions)
      .values({
        judgeId: judge.id,
        version: judge.currentVersion,
        provider: input.provider,
        model: input.model,
        template: input.template,
        pricing: input.pricing ?? null,
        createdBy: ctx.user?.id ?? null,
      })
      .returning();
    return judgeOut(judge, version!);
  });
}
