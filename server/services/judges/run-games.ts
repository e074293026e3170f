import { and, eq, inArray, sql } from "drizzle-orm";
import { judgeCalls, judgeVerdicts, type judgeVersions } from "@/drizzle/schema";
import { type ChatMessage, formatReminder } from "@/evals";
import { type DomainCtx, projectOf } from "@/server/ctx";
import { withTransaction } from "@/server/db";
import { PermanentJobError } from "@/server/jobs/define";
import { type JudgeBudget, templateMode } from "@/server/schemas/judges";
import { recordEvaluationUsage } from "@/server/services/cost";
import type { JudgeAnswer, JudgeChat } from "@/trainers/judges/types";
import { readVerdict } from "./judge-game";

export type JudgeCallRow = typeof judgeCalls.$inferSelect;
type VersionRow = typeof judgeVersions.$inferSelect;

/** Where a game's verdict belongs: a sample of a run, against another run in pairwise mode. */
export type VerdictLink = {
  experimentId: string;
  runId: string;
  againstRunId: string;
  sampleIdx: number;
  game: 0 | 1 | 2;
};
export type Game = { key: string; messages: ChatMessage[]; link?: VerdictLink };
export type GameResult = JudgeCallRow & { cached: boolean };

/** Raised when the next call would pass the evaluation's judging budget; nothing more is spent.
 *  Retrying cannot help (the spend is stored), so the evaluation job fails at once with it. */
export class JudgeBudgetExceeded extends PermanentJobError {}

const CHUNK = 500;

/**
 * Plays judge games: each answered call is committed as it lands (with its verdict link and its
 * cost on the judged run), so a replay after kill -9 finds it by (version, cache key) and calls
 * again only for what was never answered. An answer without the verdict format gets one retry
 * with a format reminder; if that fails too it is stored "unparsed" with the raw text. Calls run
 * `chat.concurrency` at a time; `budget` caps the calls and USD this `budgetKey` has spent,
 * checked before every call (calls already in flight may finish past a USD cap).
 */
export async function runGames({
  ctx,
  input,
}: {
  ctx: DomainCtx;
  input: {
    version: VersionRow;
    games: Game[];
    chat: JudgeChat;
    budgetKey: string;
    /** The run whose cost the calls are added to (labelled "judge"). */
    costRunId?: string;
    budget?: JudgeBudget;
    signal?: AbortSignal;
  };
}): Promise<Map<string, GameResult>> {
  const { version, chat, budgetKey } = input;
  const projectId = projectOf(ctx);
  const results = new Map<string, GameResult>();
  const keys = [...new Set(input.games.map((g) => g.key))];
  for (let i = 0; i < keys.length; i += CHUNK)
    for (const row of await ctx.db
      .select()
      .from(judgeCalls)
      .where(
        and(
          eq(judgeCalls.judgeVersionId, version.id),
          inArray(judgeCalls.cacheKey, keys.slice(i, i + CHUNK)),
        ),
      ))
      results.set(row.cacheKey, { ...row, cached: true });

  const [spentRow] = await ctx.db
    .select({
      calls: sql<number>`coalesce(sum(${judgeCalls.attempts}), 0)::int`,
      usd: sql<number>`coalesce(sum(${judgeCalls.costUsd}), 0)::float8`,
    })
    .from(judgeCalls)
    .where(eq(judgeCalls.budgetKey, budgetKey));
  const spent = { calls: spentRow?.calls ?? 0, usd: spentRow?.usd ?? 0 };
  const admit = () => {
    const b = input.budget;
    if (b?.maxCalls !== undefined && spent.calls >= b.maxCalls)
      throw new JudgeBudgetExceeded(
        `Judging budget reached: ${spent.calls} of ${b.maxCalls} calls spent; raise evalSuite.judgeBudget.maxCalls to judge the rest`,
      );
    if (b?.maxUsd !== undefined && spent.usd >= b.maxUsd)
      throw new JudgeBudgetExceeded(
        `Judging budget reached: $${spent.usd.toFixed(4)} of $${b.maxUsd} spent; raise evalSuite.judgeBudget.maxUsd to judge the rest`,
      );
    spent.calls++;
  };
  const call = async (messages: ChatMessage[]): Promise<JudgeAnswer> => {
    admit();
    const answer = await chat.complete(messages, input.signal);
    spent.usd += answer.costUsd ?? 0;
    return answer;
  };

  const mode = templateMode(version.template);
  const criteria = version.template.kind === "rubric" ? version.template.criteria : undefined;
  const pending = new Map<string, Game>();
  for (const g of input.games) if (!results.has(g.key)) pending.set(g.key, g);

  await eachSettled([...pending.values()], Math.max(1, chat.concurrency), async (game) => {
    const first = await call(game.messages);
    let answer = first;
    let attempts = 1;
    let verdict = readVerdict(version.template, first.text);
    if (verdict === null) {
      const retry = await call([
        ...game.messages,
        { role: "assistant", content: first.text },
        { role: "user", content: formatReminder(mode, criteria) },
      ]);
      attempts = 2;
      verdict = readVerdict(version.template, retry.text);
      answer = {
        text: retry.text,
        promptTokens: first.promptTokens + retry.promptTokens,
        completionTokens: first.completionTokens + retry.completionTokens,
        costUsd:
          first.costUsd === null || retry.costUsd === null ? null : first.costUsd + retry.costUsd,
      };
    }
    const stored = await withTransaction(ctx.db, async (tx) => {
      const [row] = await tx
        .insert(judgeCalls)
        .values({
          projectId,
          judgeVersionId: version.id,
          cacheKey: game.key,
          budgetKey,
          messages: game.messages,
          raw: answer.text,
          status: verdict === null ? "unparsed" : "parsed",
          verdict,
          attempts,
          promptTokens: answer.promptTokens,
          completionTokens: answer.completionTokens,
          costUsd: answer.costUsd,
        })
        .onConflictDoNothing()
        .returning();
      // Another worker stored the same game first: keep its answer, and its cost only.
      if (!row) return null;
      if (input.costRunId)
        await recordEvaluationUsage(tx, {
          runId: input.costRunId,
          kind: "judge",
          inputTokens: answer.promptTokens,
          outputTokens: answer.completionTokens,
          usd: answer.costUsd,
        });
      return row;
    });
    const row =
      stored ??
      (
        await ctx.db
          .select()
          .from(judgeCalls)
          .where(and(eq(judgeCalls.judgeVersionId, version.id), eq(judgeCalls.cacheKey, game.key)))
      )[0]!;
    results.set(game.key, { ...row, cached: false });
  });

  const links = input.games.flatMap((g) =>
    g.link
      ? [{ projectId, judgeVersionId: version.id, callId: results.get(g.key)!.id, ...g.link }]
      : [],
  );
  for (let i = 0; i < links.length; i += CHUNK)
    await ctx.db
      .insert(judgeVerdicts)
      .values(links.slice(i, i + CHUNK))
      .onConflictDoNothing();
  return results;
}

/**
 * Runs `fn` over `items`, `limit` at a time. After the first failure no new item starts, and the
 * failure is thrown only once every call in flight has finished (and committed its answer), so
 * nothing is still writing when the caller sees the error.
 */
async function eachSettled<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
}
