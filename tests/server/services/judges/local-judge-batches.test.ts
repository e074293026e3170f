import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { judgeCalls, judgeVerdicts, judgeVersions } from "@/drizzle/schema";
import type { LocalJudgeChat } from "@/trainers/judges/local-chat";

// The local judge on the tiny test model (the plumbing, not its verdicts): a pairwise job sends
// its calls to the worker in batches, and stores what one call at a time stored.
const chats: LocalJudgeChat[] = [];
vi.mock("@/trainers/judges/local-chat", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/trainers/judges/local-chat")>();
  return {
    createLocalJudgeChat: (o: Parameters<typeof real.createLocalJudgeChat>[0]) => {
      const chat = real.createLocalJudgeChat({ ...o, maxNewTokens: 12 });
      chats.push(chat);
      return chat;
    },
  };
});

const { createJudge } = await import("@/server/services/judges");
const { judgePairwise } = await import("@/server/services/judges/judge-pairwise");
const { createTestDb } = await import("@/tests/helpers/db");
const { makeProjectCtx } = await import("@/tests/helpers/domain");
const { tinyModelDir } = await import("@/tests/helpers/tiny-model");
const { seedExperiment } = await import("@/tests/server/services/reviews/fixtures");
const { setSuiteJudges } = await import("./judged-experiment");

let t: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t?.close());

describe("the local judge in batches", () => {
  it("asks the worker fewer times than it makes calls, and stores the same rows", async () => {
    const ctx = await makeProjectCtx(t.db, "local-judge");
    const scores = [50, 50, 50, 50];
    const seeded = await seedExperiment(t.db, ctx.projectId!, [
      { name: "baseline", isBaseline: true, scores, outputs: scores.map((_, i) => `no ${i}`) },
      { name: "run", scores, outputs: scores.map((_, i) => `answer number ${i}`) },
    ]);
    const [baselineId, runId] = seeded.runIds as [string, string];
    // A short custom template: the tiny model reads a few bytes a token, and FastChat's prompt
    // would make every call slow.
    const SHORT = {
      kind: "custom" as const,
      mode: "pairwise" as const,
      text: "{{question}}\nA: {{answer_a}}\nB: {{answer_b}}\nBetter:",
    };
    // Two judges alike but for their names: each has its own cache, so both ask every game.
    const [oneByOne, batched] = await Promise.all(
      ["one-by-one", "batched"].map((name) =>
        createJudge({
          ctx,
          input: { name, provider: "local", model: tinyModelDir(), template: SHORT },
        }),
      ),
    );
    await setSuiteJudges(
      t.db,
      seeded.experimentId,
      [oneByOne!, batched!].map((j) => ({
        judgeId: j.id,
        mode: "pairwise" as const,
        version: 1,
      })),
    );

    // What a job stored, per (sample, order): the call's answer and its accounting.
    const judge = async (judgeId: string, concurrency: number) => {
      const input = { runId, judgeId, againstRunId: baselineId };
      expect(await judgePairwise({ ctx: t, input, options: { concurrency } })).toBe("judged");
      const rows = await t.db
        .select({ call: judgeCalls, verdict: judgeVerdicts })
        .from(judgeVerdicts)
        .innerJoin(judgeCalls, eq(judgeCalls.id, judgeVerdicts.callId))
        .innerJoin(judgeVersions, eq(judgeVersions.id, judgeVerdicts.judgeVersionId))
        .where(and(eq(judgeVersions.judgeId, judgeId), eq(judgeVerdicts.runId, runId)))
        .orderBy(asc(judgeVerdicts.sampleIdx), asc(judgeVerdicts.game));
      return {
        batches: chats.at(-1)!.batches,
        rows: rows.map(({ call, verdict }) => ({
          sampleIdx: verdict.sampleIdx,
          game: verdict.game,
          raw: call.raw,
          status: call.status,
          verdict: call.verdict,
          attempts: call.attempts,
          promptTokens: call.promptTokens,
          completionTokens: call.completionTokens,
          costUsd: call.costUsd,
        })),
      };
    };
    const one = await judge(oneByOne!.id, 1);
    const many = await judge(batched!.id, 4);
    const oneRows = one.rows;
    const manyRows = many.rows;
    // 4 samples in both orders; an answer without a verdict was asked twice.
    expect(oneRows).toHaveLength(8);
    const calls = oneRows.reduce((n, r) => n + r.attempts, 0);
    expect(one.batches).toBe(calls);
    expect(many.batches).toBeLessThan(calls);
    expect(manyRows).toEqual(oneRows);
  });
});
