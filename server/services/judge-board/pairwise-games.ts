import { and, eq, inArray, sql } from "drizzle-orm";
import {
  evaluationSamples,
  evaluations,
  judgeCalls,
  judges,
  judgeVerdicts,
  judgeVersions,
} from "@/drizzle/schema";
import type { PairwiseChoice } from "@/evals";
import type { DomainCtx } from "@/server/ctx";

/** One sample's two games between a run (x) and its reference run (y), and both answers' lengths. */
export type PairGames = {
  runId: string;
  againstRunId: string;
  sampleIdx: number;
  game1: PairwiseChoice | null;
  game2: PairwiseChoice | null;
  lengthX: number;
  lengthY: number;
};

export type JudgePairs = {
  judgeId: string;
  judgeName: string;
  version: number;
  pairs: PairGames[];
};

/** Every pairwise verdict of an experiment, by judge version, with its answers' lengths. */
export async function pairwiseGames(ctx: DomainCtx, experimentId: string): Promise<JudgePairs[]> {
  const rows = await ctx.db
    .select({
      link: judgeVerdicts,
      status: judgeCalls.status,
      verdict: judgeCalls.verdict,
      version: judgeVersions.version,
      judgeId: judges.id,
      judgeName: judges.name,
    })
    .from(judgeVerdicts)
    .innerJoin(judgeCalls, eq(judgeCalls.id, judgeVerdicts.callId))
    .innerJoin(judgeVersions, eq(judgeVersions.id, judgeVerdicts.judgeVersionId))
    .innerJoin(judges, eq(judges.id, judgeVersions.judgeId))
    .where(and(eq(judgeVerdicts.experimentId, experimentId), inArray(judgeVerdicts.game, [1, 2])));
  if (!rows.length) return [];
  const runIds = [...new Set(rows.flatMap((r) => [r.link.runId, r.link.againstRunId]))];
  // Characters (code points, as AlpacaEval counts them), counted by the database.
  const outputs = await ctx.db
    .select({
      runId: evaluations.runId,
      idx: evaluationSamples.idx,
      chars: sql<number>`char_length(${evaluationSamples.output})`.mapWith(Number),
    })
    .from(evaluationSamples)
    .innerJoin(evaluations, eq(evaluations.id, evaluationSamples.evaluationId))
    .where(inArray(evaluations.runId, runIds));
  const length = new Map(outputs.map((o) => [`${o.runId}:${o.idx}`, o.chars]));

  const byJudge = new Map<string, JudgePairs & { byPair: Map<string, PairGames> }>();
  for (const r of rows) {
    const key = r.link.judgeVersionId;
    const judge =
      byJudge.get(key) ??
      byJudge
        .set(key, {
          judgeId: r.judgeId,
          judgeName: r.judgeName,
          version: r.version,
          pairs: [],
          byPair: new Map(),
        })
        .get(key)!;
    const { runId, againstRunId, sampleIdx } = r.link;
    const pairKey = `${runId}:${againstRunId}:${sampleIdx}`;
    let pair = judge.byPair.get(pairKey);
    if (!pair) {
      pair = {
        runId,
        againstRunId,
        sampleIdx,
        game1: null,
        game2: null,
        lengthX: length.get(`${runId}:${sampleIdx}`) ?? 0,
        lengthY: length.get(`${againstRunId}:${sampleIdx}`) ?? 0,
      };
      judge.byPair.set(pairKey, pair);
      judge.pairs.push(pair);
    }
    const choice = r.status === "parsed" ? (r.verdict as PairwiseChoice) : null;
    if (r.link.game === 1) pair.game1 = choice;
    else pair.game2 = choice;
  }
  return [...byJudge.values()]
    .map(({ byPair: _, ...j }) => j)
    .sort((a, b) => a.judgeName.localeCompare(b.judgeName) || a.version - b.version);
}
