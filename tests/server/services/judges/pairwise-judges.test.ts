import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jobs, runs } from "@/drizzle/schema";

// Generation answers with the outputs the test chose; three scripted pairwise judges on the fake
// OpenAI-compatible server, told apart by their model name.
vi.mock("@/server/services/settings/project-backend", async (importOriginal) =>
  (await import("@/tests/helpers/fake-generate")).withScriptedOutputs(importOriginal),
);

const { createExperiment } = await import("@/server/services/experiments");
const { createJudge } = await import("@/server/services/judges");
const { judgePairwise } = await import("@/server/services/judges/judge-pairwise");
const { getLeaderboard, refreshLeaderboard } = await import("@/server/services/leaderboard");
const { setSecret, updateSettings } = await import("@/server/services/settings");
const { createTestDb } = await import("@/tests/helpers/db");
const { dateExamples, makeProjectCtx, uploadDates } = await import("@/tests/helpers/domain");
const { landRun } = await import("@/tests/helpers/land-run");
const { startFakeOpenAI } = await import("@/tests/trainers/openai/fake-openai");

const EVAL = dateExamples(12, 200);
const REFERENCES = EVAL.map((e) => e.completion);
const answers = (prompt: string) => [
  prompt.match(/\[The Start of Assistant A's Answer\]\n(.*)\n/)![1]!,
  prompt.match(/\[The Start of Assistant B's Answer\]\n(.*)\n/)![1]!,
];
const correct = new Set(REFERENCES);

/** first-slot: always A. longer: the longer answer. right: the correct one, a tie when both or
 *  neither are. */
function judges(req: { model: string; messages: { content: string }[] }): string {
  const [a, b] = answers(req.messages[1]!.content);
  if (req.model.endsWith("first")) return "[[A]]";
  if (req.model.endsWith("longer")) return a!.length >= b!.length ? "[[A]]" : "[[B]]";
  const [ra, rb] = [correct.has(a!), correct.has(b!)];
  return ra === rb ? "Equal. [[C]]" : ra ? "A is right. [[A]]" : "B is right. [[B]]";
}

let t: Awaited<ReturnType<typeof createTestDb>>;
let ctx: Awaited<ReturnType<typeof makeProjectCtx>>;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;

beforeAll(async () => {
  process.env.TUNEBENCH_SECRET_KEY ??= "b".repeat(64);
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db, "pairwise");
  fake = await startFakeOpenAI();
  fake.chat.respond = judges;
  await updateSettings(t.db, ctx.projectId!, null, { openai: { baseUrl: `${fake.url}/v1` } });
  await setSecret(t.db, ctx.projectId!, { name: "openai.apiKey", value: "sk-judge-test-0000" });
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

async function land(run: { id: string; isBaseline: boolean }, outputs: string[]) {
  expect(await landRun(t.db, run, outputs)).toBe("evaluated");
}

describe("pairwise judges on the leaderboard", () => {
  it("turns a first-slot judge's verdicts into ties, and reports flips, slot and length bias", async () => {
    const version = await uploadDates(ctx, EVAL);
    const made = await Promise.all(
      ["first", "longer", "right"].map((name) =>
        createJudge({
          ctx,
          input: {
            name,
            provider: "openai-compatible",
            model: `gpt-4o-mini-${name}`,
            template: { kind: "pairwise" },
          },
        }),
      ),
    );
    const exp = await createExperiment({
      ctx,
      input: {
        name: "pairwise",
        baseModel: "tiny",
        datasetVersionId: version,
        grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
        evalSuite: {
          metrics: ["accuracy"],
          primaryMetric: "accuracy",
          judges: made.map((j) => ({ judgeId: j.id, mode: "pairwise" as const })),
        } as never,
      },
    });
    const [baseline, run] = await t.db
      .select()
      .from(runs)
      .where(eq(runs.experimentId, exp.id))
      .orderBy(runs.index);
    // The run is right on samples 0–8, the baseline on 0–2; the run's wrong answers are longer.
    await land(
      baseline!,
      REFERENCES.map((r, i) => (i < 3 ? r : "no")),
    );
    await land(
      run!,
      REFERENCES.map((r, i) => (i < 9 ? r : "I do not know this date")),
    );
    const queued = await t.db.select().from(jobs).where(eq(jobs.kind, "judge.pairwise"));
    expect(queued).toHaveLength(3);
    const before = fake.requests.length;
    for (const job of queued)
      await judgePairwise({
        ctx: t,
        input: job.payload as { runId: string; judgeId: string; againstRunId: string },
      });
    // Two orders per sample, except on samples 0–2 where both answers are the reference: both
    // orders render the same prompt, so the second is a cache hit.
    expect(fake.requests.length - before).toBe(3 * (9 * 2 + 3));
    // A replayed job (a worker killed after its calls) asks nothing again.
    await judgePairwise({
      ctx: t,
      input: queued[0]!.payload as { runId: string; judgeId: string; againstRunId: string },
    });
    expect(fake.requests.length - before).toBe(63);

    await refreshLeaderboard(t.db, exp.id);
    const board = await getLeaderboard({ ctx, input: { experimentId: exp.id } });
    expect(board.judgesUpdating).toBe(false);
    const col = (name: string) => board.judges.find((j) => j.name === name)!;
    const cell = (name: string) =>
      board.rows
        .find((r) => r.runId === run!.id)!
        .judges.find((j) => j.judgeId === col(name).judgeId)!;

    // Always [[A]]: every pair flips, so every verdict is a tie; all 24 games went to slot A.
    expect(col("first")).toMatchObject({
      pairs: 12,
      flipRate: 1,
      unparsed: 0,
      againstRunId: baseline!.id,
    });
    expect(col("first").firstSlot).toMatchObject({ share: 1, k: 24, n: 24 });
    expect(col("first").firstSlot.p).toBeCloseTo(2 / 2 ** 24, 20);
    expect(cell("first")).toMatchObject({ winRate: 0.5, n: 12 });

    // Prefers the longer answer: consistent; of the 12 decided pairs (lengths differ on all but
    // samples 0–2, where both are the reference; there it picks A both times, a flip and a tie),
    // 9 are decided and the longer answer won every one.
    expect(col("longer")).toMatchObject({ pairs: 12, flipRate: 3 / 12 });
    expect(col("longer").longerWins).toMatchObject({ share: 1, k: 9, n: 9 });

    // Right: ties on 0–2 (both right) and 9–11 (both wrong), the run wins 3–8: (6 + ½·6) / 12.
    expect(col("right")).toMatchObject({ flipRate: 0 });
    expect(col("right").firstSlot).toMatchObject({ share: 0.5, k: 6, n: 12, p: 1 });
    expect(cell("right").winRate).toBe(0.75);
    const [lo, hi] = cell("right").ci!;
    expect(lo).toBeLessThan(0.75);
    expect(hi).toBeGreaterThan(0.75);
    const ratings = board.rows.map((r) => r.judges.find((j) => j.judgeId === col("right").judgeId));
    expect(ratings[0]!.rating! > ratings[1]!.rating!).toBe(board.rows[0]!.runId === run!.id);
  });
});
