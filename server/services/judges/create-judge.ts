import { judges, judgeVersions, newId } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { conflict } from "@/server/errors";
import { CreateJudgeInput, type JudgeOut } from "@/server/schemas/judges";
import { checkJudgeSettings } from "./check-judge";
import { judgeOut } from "./judge-out";

/** Creates a judge and its version 1. Names are unique in a project (suites' metrics carry them). */
export async function createJudge({
  ctx,
  input: raw,
}: {
  ctx: DomainCtx;
  input: CreateJudgeInput;
}): Promise<JudgeOut> {
  const input = CreateJudgeInput.parse(raw);
  checkJudgeSettings(input);
  const projectId = projectOf(ctx);
  return withTransaction(ctx.db, async (tx) => {
    const [judge] = await tx
      .insert(judges)
      .values({ id: newId(), projectId, name: input.name, currentVersion: 1 })
      .onConflictDoNothing()
      .returning();
    if (!judge) throw conflict(`A judge named ${JSON.stringify(input.name)} exists already.`);
    const [version] = await tx
      .insert(judgeVersions)
      .values({
        judgeId: judge.id,
        version: 1,
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
