import { eq } from "drizzle-orm";
import { experiments, judgeCalls, judgeVerdicts, judgeVersions, newId } from "@/drizzle/schema";
import { openDb } from "@/server/db";
import { createJudge } from "@/server/services/judges";
import { ensureDefaultProject } from "@/server/services/projects";
import { RUN_NAMES, type SeededReview, seedReviewExperiment } from "./review-fixtures";

export const PAIR_JUDGE = "pair-judge";

/**
 * The review fixtures' experiment, with a pairwise judge's verdicts stored as an evaluation stores
 * them: RUN_NAMES[1] judged against RUN_NAMES[0] on every sample in both orders, winning both
 * games on even samples and flipping with the order on odd ones (a tie). So by hand: win rate
 * (6 + 6 × ½) / 12 = 75%, flip rate 6 / 12 = 50%. The suite names the judge (pairwise against
 * RUN_NAMES[0], version 1) as creating the experiment would, so the leaderboard's refresh job
 * computes and stores its column from these rows.
 */
export async function seedJudgedExperiment(pgliteDir: string): Promise<SeededReview> {
  const seeded = await seedReviewExperiment(pgliteDir);
  const { db, close } = await openDb({ dataDir: pgliteDir });
  try {
    const project = await ensureDefaultProject(db);
    const ctx = { db, projectId: project.id, user: null };
    const judge = await createJudge({
      ctx,
      input: {
        name: PAIR_JUDGE,
        provider: "openai-compatible",
        model: "judge-model",
        template: { kind: "pairwise" },
      },
    });
    const [version] = await db.select().from(judgeVersions);
    const [reference, judged] = seeded.runIds as [string, string];
    const [experiment] = await db
      .select()
      .from(experiments)
      .where(eq(experiments.id, seeded.experimentId));
    await db
      .update(experiments)
      .set({
        evalSuite: {
          ...experiment!.evalSuite,
          judges: [
            {
              judgeId: judge.id,
              name: PAIR_JUDGE,
              version: 1,
              mode: "pairwise",
              against: reference,
            },
          ],
        },
      })
      .where(eq(experiments.id, seeded.experimentId));
    for (let i = 0; i < 12; i++)
      for (const game of [1, 2] as const) {
        const choice = i % 2 === 0 ? (game === 1 ? "A" : "B") : "A";
        const callId = newId();
        await db.insert(judgeCalls).values({
          id: callId,
          projectId: project.id,
          judgeVersionId: version!.id,
          cacheKey: `e2e-${i}-${game}`,
          budgetKey: "e2e",
          messages: [],
          raw: `[[${choice}]]`,
          status: "parsed",
          verdict: choice,
          attempts: 1,
          promptTokens: 1,
          completionTokens: 1,
        });
        await db.insert(judgeVerdicts).values({
          projectId: project.id,
          experimentId: seeded.experimentId,
          judgeVersionId: version!.id,
          runId: judged,
          againstRunId: reference,
          sampleIdx: i,
          game,
          callId,
        });
      }
    return seeded;
  } finally {
    await close();
  }
}

export { RUN_NAMES };
