import { judgeCorpusScore } from "@/evals";
import type { DomainCtx } from "@/server/ctx";
import type { CorpusScores } from "@/server/schemas/evaluations";
import type { EvalSuite } from "@/server/schemas/experiments";
import { type JudgeMetric, judgeMetric } from "@/server/schemas/judges";
import { type JudgeChatOptions, judgeChat } from "./judge-chat";
import { sampleGames, verdictScore } from "./judge-game";
import { loadJudge } from "./load-judge";
import { type Game, runGames } from "./run-games";

export type OutputToJudge = { idx: number; prompt: string; reference: string; output: string };

/**
 * Scores an evaluation's outputs with the suite's single-mode judges: per sample the metric
 * "judge:<name>" on 0–100 (null where the answer had no verdict), and its corpus score with a CI.
 * Calls are committed as they land and cached, so a replayed evaluation job repeats none;
 * `link` records which call judged which sample of the run (a run's evaluation, not a checkpoint's).
 */
export async function judgeOutputs({
  ctx,
  input,
  options,
}: {
  ctx: DomainCtx;
  input: {
    suite: EvalSuite;
    samples: OutputToJudge[];
    experimentId: string;
    runId: string;
    budgetKey: string;
    link: boolean;
  };
  options?: JudgeChatOptions;
}): Promise<{ perSample: Map<JudgeMetric, (number | null)[]>; corpus: CorpusScores }> {
  const perSample = new Map<JudgeMetric, (number | null)[]>();
  const corpus: CorpusScores = {};
  for (const entry of input.suite.judges ?? []) {
    if (entry.mode !== "single") continue;
    const { judge, version } = await loadJudge(ctx, entry.judgeId, entry.version);
    const games: Game[][] = input.samples.map((s) =>
      sampleGames(version, {
        question: s.prompt,
        reference: s.reference || undefined,
        x: s.output,
      }).map((g) => ({
        key: g.key,
        messages: g.messages,
        ...(input.link
          ? {
              link: {
                experimentId: input.experimentId,
                runId: input.runId,
                againstRunId: "",
                sampleIdx: s.idx,
                game: g.game,
              },
            }
          : {}),
      })),
    );
    const chat = await judgeChat(ctx, version, options);
    try {
      const results = await runGames({
        ctx,
        input: {
          version,
          games: games.flat(),
          chat,
          budgetKey: input.budgetKey,
          costRunId: input.runId,
          budget: input.suite.judgeBudget,
        },
      });
      const metric = judgeMetric(entry.name ?? judge.name);
      const scores = games.map((gs) => verdictScore(results.get(gs[0]!.key)!.verdict));
      perSample.set(metric, scores);
      const c = judgeCorpusScore(scores);
      if (c)
        corpus[metric] = {
          score: c.score,
          ci: [c.score - c.ci, c.score + c.ci],
          signature: c.signature,
        };
    } finally {
      await chat.close();
    }
  }
  return { perSample, corpus };
}
