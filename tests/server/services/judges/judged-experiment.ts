import { eq } from "drizzle-orm";
import { experiments, judgeCalls, judges, judgeVerdicts, judgeVersions } from "@/drizzle/schema";
import type { PairwiseChoice } from "@/evals";
import type { Db } from "@/server/db";
import type { JudgeTemplate, SuiteJudge } from "@/server/schemas/judges";
import { seedEvalQuestions, seedExperiment } from "@/tests/server/services/reviews/fixtures";

/** What the judge answered in game 1 (the run shown as A) and game 2 (the run shown as B) of one
 *  sample: a choice, "unparsed" (no verdict after the reminder) or null (never asked). */
export type Games = [PairwiseChoice | "unparsed" | null, PairwiseChoice | "unparsed" | null];

export type JudgedExperiment = {
  experimentId: string;
  baselineId: string;
  /** "run-a" (answers sample i with "a i"), judged against the baseline ("base i") per `plan`. */
  runId: string;
  /** "run-b", judged only on sample 0, and "run-c", never judged. */
  otherRunId: string;
  unjudgedRunId: string;
  judgeId: string;
  singleJudgeId: string;
};

async function insertJudge(db: Db, projectId: string, name: string, template: JudgeTemplate) {
  const [judge] = await db
    .insert(judges)
    .values({ projectId, name, currentVersion: 1 })
    .returning();
  const [version] = await db
    .insert(judgeVersions)
    .values({ judgeId: judge!.id, version: 1, provider: "openai-compatible", model: "m", template })
    .returning();
  return { judgeId: judge!.id, versionId: version!.id };
}

/** Puts `suiteJudges` in the experiment's eval suite (naming their versions, as creating an
 *  experiment does). */
export async function setSuiteJudges(db: Db, experimentId: string, suiteJudges: SuiteJudge[]) {
  const [exp] = await db.select().from(experiments).where(eq(experiments.id, experimentId));
  await db
    .update(experiments)
    .set({ evalSuite: { ...exp!.evalSuite, judges: suiteJudges } })
    .where(eq(experiments.id, experimentId));
}

/**
 * An experiment whose suite has a pairwise judge (against the baseline) and a single one, with the
 * pairwise judge's verdicts written straight into judge_calls/judge_verdicts as the judging job
 * would. The prompts are the experiment's eval examples ("question i").
 */
export async function seedJudgedExperiment(
  db: Db,
  projectId: string,
  plan: Games[],
): Promise<JudgedExperiment> {
  const scores = plan.map(() => 50);
  const seeded = await seedExperiment(db, projectId, [
    { name: "baseline", isBaseline: true, scores, outputs: scores.map((_, i) => `base ${i}`) },
    { name: "run-a", scores, outputs: scores.map((_, i) => `a ${i}`) },
    { name: "run-b", scores, outputs: scores.map((_, i) => `b ${i}`) },
    { name: "run-c", scores, outputs: scores.map((_, i) => `c ${i}`) },
  ]);
  const [baselineId, runId, otherRunId, unjudgedRunId] = seeded.runIds as [
    string,
    string,
    string,
    string,
  ];
  const pairwise = await insertJudge(db, projectId, `pair-${baselineId}`, { kind: "pairwise" });
  const single = await insertJudge(db, projectId, `single-${baselineId}`, { kind: "single" });
  await setSuiteJudges(db, seeded.experimentId, [
    { judgeId: pairwise.judgeId, mode: "pairwise", against: "baseline", version: 1 },
    { judgeId: single.judgeId, mode: "single", name: `single-${baselineId}`, version: 1 },
  ]);
  await seedEvalQuestions(db, seeded.experimentId, plan.length);
  const judged: { run: string; sampleIdx: number; games: Games }[] = [
    ...plan.map((games, sampleIdx) => ({ run: runId, sampleIdx, games })),
    { run: otherRunId, sampleIdx: 0, games: ["B", "A"] },
  ];
  for (const { run, sampleIdx, games } of judged)
    for (const [g, answer] of games.entries()) {
      if (answer === null) continue;
      const [call] = await db
        .insert(judgeCalls)
        .values({
          projectId,
          judgeVersionId: pairwise.versionId,
          cacheKey: `${run}:${sampleIdx}:${g}`,
          budgetKey: "test",
          messages: [{ role: "user", content: `sample ${sampleIdx}` }],
          raw: answer === "unparsed" ? "no idea" : `[[${answer}]]`,
          status: answer === "unparsed" ? "unparsed" : "parsed",
          verdict: answer === "unparsed" ? null : answer,
          attempts: answer === "unparsed" ? 2 : 1,
          promptTokens: 10,
          completionTokens: 2,
        })
        .returning();
      await db.insert(judgeVerdicts).values({
        projectId,
        experimentId: seeded.experimentId,
        judgeVersionId: pairwise.versionId,
        runId: run,
        againstRunId: baselineId,
        sampleIdx,
        game: g + 1,
        callId: call!.id,
      });
    }
  return {
    experimentId: seeded.experimentId,
    baselineId,
    runId,
    otherRunId,
    unjudgedRunId,
    judgeId: pairwise.judgeId,
    singleJudgeId: single.judgeId,
  };
}
