import { and, asc, eq } from "drizzle-orm";
import { evaluationSamples, evaluations, experiments, runs } from "@/drizzle/schema";
import type { DomainCtx } from "@/server/ctx";
import { leaderboardChanged } from "@/server/services/leaderboard/board-state";
import { type JudgeChatOptions, judgeChat } from "./judge-chat";
import { sampleGames } from "./judge-game";
import { loadJudge } from "./load-judge";
import { type Game, runGames } from "./run-games";

/**
 * Judges a run against its reference run with one of its suite's pairwise judges: every sample
 * both evaluated, in both orders (game 1 shows the run's answer as A). Calls are committed as they
 * land and cached, so a replayed job repeats none; the leaderboard's refresh then computes the
 * win rate and ratings from the stored verdicts. Nothing to do when either evaluation is missing.
 */
export async function judgePairwise({
  ctx,
  input,
  options,
}: {
  ctx: { db: DomainCtx["db"] };
  input: { runId: string; judgeId: string; againstRunId: string };
  options?: JudgeChatOptions;
}): Promise<"judged" | "skipped"> {
  const [row] = await ctx.db
    .select({ run: runs, experiment: experiments })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(eq(runs.id, input.runId));
  const entry = row?.experiment.evalSuite.judges?.find(
    (j) => j.judgeId === input.judgeId && j.mode === "pairwise",
  );
  if (!row || !entry) return "skipped";
  const scoped = { db: ctx.db, projectId: row.run.projectId };
  const { version } = await loadJudge(scoped, entry.judgeId, entry.version);
  const [own, other] = await Promise.all([
    samplesOf(ctx.db, input.runId),
    samplesOf(ctx.db, input.againstRunId),
  ]);
  if (own.length === 0 || other.length === 0) return "skipped";
  const reference = new Map(other.map((s) => [s.idx, s]));
  const games: Game[] = own.flatMap((s) => {
    const against = reference.get(s.idx);
    if (!against) return [];
    return sampleGames(version, {
      question: s.prompt,
      reference: s.reference || undefined,
      x: s.output,
      y: against.output,
    }).map((g) => ({
      key: g.key,
      messages: g.messages,
      link: {
        experimentId: row.experiment.id,
        runId: input.runId,
        againstRunId: input.againstRunId,
        sampleIdx: s.idx,
        game: g.game,
      },
    }));
  });
  const chat = await judgeChat(scoped, version, options);
  try {
    await runGames({
      ctx: scoped,
      input: {
        version,
        games,
        chat,
        budgetKey: `pairwise:${input.runId}:${input.judgeId}:${input.againstRunId}`,
        costRunId: input.runId,
        budget: row.experiment.evalSuite.judgeBudget,
      },
    });
  } finally {
    await chat.close();
  }
  await leaderboardChanged(ctx.db, row.experiment.id);
  return "judged";
}

async function samplesOf(db: DomainCtx["db"], runId: string) {
  return db
    .select({
      idx: evaluationSamples.idx,
      prompt: evaluationSamples.prompt,
      reference: evaluationSamples.reference,
      output: evaluationSamples.output,
    })
    .from(evaluationSamples)
    .innerJoin(evaluations, eq(evaluations.id, evaluationSamples.evaluationId))
    .where(and(eq(evaluations.runId, runId), eq(evaluations.status, "completed")))
    .orderBy(asc(evaluationSamples.idx));
}
