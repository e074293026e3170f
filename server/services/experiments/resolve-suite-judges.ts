import { and, eq } from "drizzle-orm";
import { runs } from "@/drizzle/schema";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { badRequest, ServiceError } from "@/server/errors";
import { EvalSuite } from "@/server/schemas/experiments";
import { templateMode } from "@/server/schemas/judges";
import { loadJudge } from "@/server/services/judges/load-judge";

/**
 * Pins the suite's judges when an experiment is created: each entry gets its judge's name (its
 * metric is "judge:<name>") and a version (the current one unless given), so every run of the
 * experiment is judged by the same prompt and model however the judge is edited later. The mode
 * must be the template's, and a pairwise reference run must be a run of this project.
 */
export async function resolveSuiteJudges(ctx: DomainCtx, suite: EvalSuite): Promise<EvalSuite> {
  if (!suite.judges?.length) return suite;
  const fail = (i: number, field: string, message: string) =>
    badRequest(`evalSuite.judges.${i}.${field}: ${message}`, {
      issues: [{ field: `evalSuite.judges.${i}.${field}`, message }],
    });
  const judges = [];
  for (const [i, entry] of suite.judges.entries()) {
    const found = await loadJudge(ctx, entry.judgeId, entry.version).catch((e: unknown) => {
      if (e instanceof ServiceError && e.code === "NOT_FOUND")
        throw fail(i, entry.version ? "version" : "judgeId", e.message);
      throw e;
    });
    const mode = templateMode(found.version.template);
    if (mode !== entry.mode)
      throw fail(i, "mode", `judge ${found.judge.name} judges in ${mode} mode (its template)`);
    if (entry.name && entry.name !== found.judge.name)
      throw fail(i, "name", `the judge is named ${found.judge.name}`);
    if (entry.against && entry.against !== "baseline") {
      const [run] = await ctx.db
        .select({ id: runs.id })
        .from(runs)
        .where(and(eq(runs.id, entry.against), eq(runs.projectId, projectOf(ctx))));
      if (!run) throw fail(i, "against", "no such run in this project");
    }
    judges.push({ ...entry, name: found.judge.name, version: found.version.version });
  }
  const resolved = EvalSuite.safeParse({ ...suite, judges });
  if (!resolved.success) {
    const first = resolved.error.issues[0]!;
    throw badRequest(`evalSuite.${first.path.join(".")}: ${first.message}`);
  }
  return resolved.data;
}
