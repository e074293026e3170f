import { and, asc, eq, inArray } from "drizzle-orm";
import { evaluationSamples, evaluations, runs } from "@/drizzle/schema";
import { combineOrders, type PairwiseChoice } from "@/evals";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { badRequest, notFound } from "@/server/errors";
import { type TryJudgeInput, type TryJudgeOut, templateMode } from "@/server/schemas/judges";
import { type JudgeChatOptions, judgeChat } from "./judge-chat";
import { type JudgedSample, sampleGames, verdictScore } from "./judge-game";
import { loadJudge } from "./load-judge";
import { runGames } from "./run-games";

/**
 * Runs a saved judge on up to 3 samples and shows what it was sent and what it answered. The calls
 * go through the cache (trying twice costs once) and are budgeted per judge: at most 30 calls.
 */
export async function tryJudge({
  ctx,
  input,
  options,
}: {
  ctx: DomainCtx;
  input: TryJudgeInput;
  options?: JudgeChatOptions;
}): Promise<TryJudgeOut> {
  const { judge, version } = await loadJudge(ctx, input.judgeId, input.version);
  const mode = templateMode(version.template);
  if (input.runId && (mode === "pairwise") !== (input.againstRunId !== undefined))
    throw badRequest(
      mode === "pairwise"
        ? "againstRunId: a pairwise judge compares the run's outputs with another run's; name it"
        : "againstRunId: a single judge rates one run's outputs; leave it out",
    );
  const samples = input.samples
    ? input.samples.map((s) => toSample(s, mode))
    : await runSamples(ctx, input.runId!, input.againstRunId);
  const games = samples.map((s) => sampleGames(version, s));
  const chat = await judgeChat(ctx, version, options);
  try {
    const results = await runGames({
      ctx,
      input: {
        version,
        games: games.flat(),
        chat,
        budgetKey: `try:${judge.id}`,
        budget: { maxCalls: 30 },
      },
    });
    let costUsd: number | null = 0;
    const out = games.map((gs) => {
      const played = gs.map((g) => {
        const r = results.get(g.key)!;
        if (!r.cached)
          costUsd = costUsd === null || r.costUsd === null ? null : costUsd + r.costUsd;
        return { game: g.game, row: r };
      });
      const verdict =
        mode === "pairwise"
          ? combineOrders(
              played[0]!.row.verdict as PairwiseChoice | null,
              played[1]!.row.verdict as PairwiseChoice | null,
            )
          : null;
      return {
        games: played.map(({ game, row }) => ({
          game,
          messages: row.messages,
          raw: row.raw,
          status: row.status,
          verdict: row.verdict,
          cached: row.cached,
          promptTokens: row.promptTokens,
          completionTokens: row.completionTokens,
          costUsd: row.costUsd,
        })),
        score: mode === "single" ? verdictScore(played[0]!.row.verdict) : null,
        winner: verdict?.winner ?? null,
        flipped: verdict?.flipped ?? null,
      };
    });
    return { judgeId: judge.id, version: version.version, mode, samples: out, costUsd };
  } finally {
    await chat.close();
  }
}

function toSample(s: NonNullable<TryJudgeInput["samples"]>[number], mode: string): JudgedSample {
  const x = mode === "pairwise" ? s.answerA : s.answer;
  const y = mode === "pairwise" ? s.answerB : undefined;
  if (x === undefined || (mode === "pairwise" && y === undefined))
    throw badRequest(
      mode === "pairwise"
        ? "A pairwise judge is tried on samples with answerA and answerB"
        : "A single judge is tried on samples with an answer",
    );
  return { question: s.question, reference: s.reference || undefined, x, y };
}

/** The first 3 samples of a run's evaluation, with another run's answers for a pairwise judge. */
async function runSamples(ctx: DomainCtx, runId: string, againstRunId?: string) {
  const ids = againstRunId ? [runId, againstRunId] : [runId];
  const rows = await ctx.db
    .select({ runId: evaluations.runId, sample: evaluationSamples })
    .from(evaluations)
    .innerJoin(runs, eq(runs.id, evaluations.runId))
    .innerJoin(evaluationSamples, eq(evaluationSamples.evaluationId, evaluations.id))
    .where(and(inArray(evaluations.runId, ids), eq(runs.projectId, projectOf(ctx))))
    .orderBy(asc(evaluationSamples.idx));
  const own = rows.filter((r) => r.runId === runId);
  if (own.length === 0) throw notFound("An evaluated run");
  const other = new Map(rows.filter((r) => r.runId === againstRunId).map((r) => [r.sample.idx, r]));
  if (againstRunId && other.size === 0) throw notFound("An evaluated run to compare with");
  return own
    .filter((r) => !againstRunId || other.has(r.sample.idx))
    .slice(0, 3)
    .map((r) => ({
      question: r.sample.prompt,
      reference: r.sample.reference || undefined,
      x: r.sample.output,
      y: againstRunId ? other.get(r.sample.idx)!.sample.output : undefined,
    }));
}
