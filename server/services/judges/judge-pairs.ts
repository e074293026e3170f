import { and, eq, sql } from "drizzle-orm";
import { evaluationSamples, evaluations, judgeCalls, judgeVerdicts } from "@/drizzle/schema";
import type { PairwiseChoice } from "@/evals";
import type { Db } from "@/server/db";

/** One sample of a run judged against its reference in both orders; null = no verdict. */
export type JudgedPair = {
  runId: string;
  againstRunId: string;
  sampleIdx: number;
  game1: PairwiseChoice | null;
  game2: PairwiseChoice | null;
  unparsed: number;
  /** Characters of the run's (x) and the reference's (y) outputs. */
  lengthX: number;
  lengthY: number;
};

/** Every pair a pairwise judge version has judged in an experiment, with both outputs' lengths. */
export async function judgedPairs(
  db: Db,
  experimentId: string,
  judgeVersionId: string,
): Promise<JudgedPair[]> {
  const games = await db
    .select({
      runId: judgeVerdicts.runId,
      againstRunId: judgeVerdicts.againstRunId,
      sampleIdx: judgeVerdicts.sampleIdx,
      game: judgeVerdicts.game,
      status: judgeCalls.status,
      verdict: judgeCalls.verdict,
    })
    .from(judgeVerdicts)
    .innerJoin(judgeCalls, eq(judgeCalls.id, judgeVerdicts.callId))
    .where(
      and(
        eq(judgeVerdicts.experimentId, experimentId),
        eq(judgeVerdicts.judgeVersionId, judgeVersionId),
      ),
    );
  const lengths = new Map<string, number>();
  for (const r of await db
    .select({
      runId: evaluations.runId,
      idx: evaluationSamples.idx,
      length: sql<number>`char_length(${evaluationSamples.output})`,
    })
    .from(evaluationSamples)
    .innerJoin(evaluations, eq(evaluations.id, evaluationSamples.evaluationId))
    .where(eq(evaluations.experimentId, experimentId)))
    lengths.set(`${r.runId}:${r.idx}`, Number(r.length));
  const pairs = new Map<string, JudgedPair>();
  for (const g of games) {
    const key = `${g.runId}:${g.againstRunId}:${g.sampleIdx}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = {
        runId: g.runId,
        againstRunId: g.againstRunId,
        sampleIdx: g.sampleIdx,
        game1: null,
        game2: null,
        unparsed: 0,
        lengthX: lengths.get(`${g.runId}:${g.sampleIdx}`) ?? 0,
        lengthY: lengths.get(`${g.againstRunId}:${g.sampleIdx}`) ?? 0,
      };
      pairs.set(key, pair);
    }
    const choice = g.status === "parsed" ? (g.verdict as PairwiseChoice) : null;
    if (g.status === "unparsed") pair.unparsed++;
    if (g.game === 1) pair.game1 = choice;
    if (g.game === 2) pair.game2 = choice;
  }
  return [...pairs.values()];
}
