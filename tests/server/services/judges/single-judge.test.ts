import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluationSamples, evaluations, judgeCalls, judgeVerdicts, runs } from "@/drizzle/schema";

// Generation answers with the outputs the test chose for the adapter ("baseline": none); the judge
// is a scripted model on the fake OpenAI-compatible server.
vi.mock("@/server/services/settings/project-backend", async (importOriginal) =>
  (await import("@/tests/helpers/fake-generate")).withScriptedOutputs(importOriginal),
);

const { createExperiment } = await import("@/server/services/experiments");
const { createJudge, runVerdicts } = await import("@/server/services/judges");
const { setSecret, updateSettings } = await import("@/server/services/settings");
const { createTestDb } = await import("@/tests/helpers/db");
const { dateExamples, makeProjectCtx, uploadDates } = await import("@/tests/helpers/domain");
const { landRun } = await import("@/tests/helpers/land-run");
const { startFakeOpenAI } = await import("@/tests/trainers/openai/fake-openai");

const EVAL = dateExamples(12, 100);
const REFERENCES = EVAL.map((e) => e.completion);

let t: Awaited<ReturnType<typeof createTestDb>>;
let ctx: Awaited<ReturnType<typeof makeProjectCtx>>;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let versionId = "";
let judgeId = "";

/** The judge that is right: 10 when the answer is the reference it was shown, else 1; no
 *  verdict at all for answers containing "???". */
function rightJudge(req: { messages: { role: string; content: string }[] }): string {
  const prompt = req.messages[1]!.content;
  const reference = prompt.match(/\[The Start of Reference Answer\]\n(.*)\n/)?.[1];
  const answer = prompt.match(/\[The Start of Assistant's Answer\]\n(.*)\n/)?.[1];
  if (answer?.includes("???")) return "I am not sure.";
  return answer === reference ? "Exact. Rating: [[10]]" : "Wrong date. Rating: [[1]]";
}

beforeAll(async () => {
  process.env.TUNEBENCH_SECRET_KEY ??= "b".repeat(64);
  t = await createTestDb();
  ctx = await makeProjectCtx(t.db, "judges");
  fake = await startFakeOpenAI();
  fake.chat.respond = rightJudge;
  await updateSettings(t.db, ctx.projectId!, null, { openai: { baseUrl: `${fake.url}/v1` } });
  await setSecret(t.db, ctx.projectId!, { name: "openai.apiKey", value: "sk-judge-test-0000" });
  versionId = await uploadDates(ctx, EVAL);
  judgeId = (
    await createJudge({
      ctx,
      input: {
        name: "rater",
        provider: "openai-compatible",
        model: "gpt-4o-mini",
        template: { kind: "single" },
      },
    })
  ).id;
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

const create = (extra: Record<string, unknown> = {}) =>
  createExperiment({
    ctx,
    input: {
      name: "judged",
      baseModel: "tiny",
      datasetVersionId: versionId,
      grid: { learningRate: [1e-4], loraRank: [4], epochs: [1] },
      evalSuite: {
        metrics: ["accuracy"],
        primaryMetric: "judge:rater",
        judges: [{ judgeId, mode: "single" }],
        ...extra,
      } as never,
    },
  });

const runsOf = (experimentId: string) =>
  t.db.select().from(runs).where(eq(runs.experimentId, experimentId)).orderBy(runs.index);

describe("a single-mode judge as a suite metric", () => {
  it("pins the judge's version and scores judge:<name> per sample, leaving unparsed samples out", async () => {
    const exp = await create();
    expect(exp.evalSuite.judges).toEqual([{ judgeId, mode: "single", name: "rater", version: 1 }]);
    const [baseline] = await runsOf(exp.id);
    // 8 right answers, 2 wrong, 2 without a verdict even after the reminder.
    const outputs = REFERENCES.map((r, i) => (i < 8 ? r : i < 10 ? "1 January 1900" : "??? maybe"));
    const before = fake.requests.length;
    expect(await landRun(t.db, baseline!, outputs)).toBe("evaluated");
    // 12 games; the 2 unparsed ones were asked twice.
    expect(fake.requests.length - before).toBe(14);

    const [evaluation] = await t.db
      .select()
      .from(evaluations)
      .where(eq(evaluations.runId, baseline!.id));
    const score = evaluation!.scores["judge:rater"]!;
    // 8 tens (100) and 2 ones (0) among the 10 parsed: mean 80.
    expect(score.score).toBeCloseTo(80, 12);
    expect(score.signature).toContain("unparsed:2");
    const samples = await t.db
      .select()
      .from(evaluationSamples)
      .where(eq(evaluationSamples.evaluationId, evaluation!.id))
      .orderBy(asc(evaluationSamples.idx));
    expect(samples.map((s) => s.scores["judge:rater"] ?? null)).toEqual([
      ...Array(8).fill(100),
      0,
      0,
      null,
      null,
    ]);
    expect(samples.map((s) => s.primaryScore).slice(9)).toEqual([0, null, null]);
    const [unparsed] = await t.db
      .select({ n: count() })
      .from(judgeCalls)
      .where(
        and(eq(judgeCalls.status, "unparsed"), eq(judgeCalls.budgetKey, `run:${baseline!.id}`)),
      );
    expect(unparsed!.n).toBe(2);
    const links = await t.db
      .select()
      .from(judgeVerdicts)
      .where(eq(judgeVerdicts.runId, baseline!.id));
    expect(links).toHaveLength(12);
    const shown = await runVerdicts({ ctx, input: { runId: baseline!.id, sampleIdx: 10 } });
    expect(shown).toEqual([
      expect.objectContaining({
        judgeName: "rater",
        version: 1,
        mode: "single",
        againstRunId: null,
        status: "unparsed",
        verdict: null,
        raw: "I am not sure.",
      }),
    ]);

    // Judging cost lands on the run, labelled: base gpt-4o-mini at $0.15 / $0.60 per 1M tokens,
    // 100 + 20 tokens per request on the fake, 14 requests.
    const usage = await t.db.execute(
      sql`SELECT input_tokens, output_tokens, usd FROM evaluation_usage WHERE run_id = ${baseline!.id} AND kind = 'judge'`,
    );
    const row = (
      usage as unknown as { rows: { input_tokens: number; output_tokens: number; usd: number }[] }
    ).rows[0]!;
    expect([Number(row.input_tokens), Number(row.output_tokens)]).toEqual([1400, 280]);
    expect(Number(row.usd)).toBeCloseTo((1400 * 0.15 + 280 * 0.6) / 1e6, 12);
  });

  it("re-evaluating unchanged outputs costs no call", async () => {
    const exp = await create({ primaryMetric: "accuracy" });
    const [baseline, run] = await runsOf(exp.id);
    const outputs = REFERENCES.map((r, i) => (i < 8 ? r : "1 January 1900"));
    const before = fake.requests.length;
    await landRun(t.db, baseline!, outputs);
    // The same outputs as the first test's first 10 samples: already judged by this version.
    expect(fake.requests.length - before).toBe(2);
    await landRun(t.db, run!, outputs);
    expect(fake.requests.length - before).toBe(2);
    const [evaluation] = await t.db
      .select()
      .from(evaluations)
      .where(eq(evaluations.runId, run!.id));
    expect(evaluation!.scores["judge:rater"]!.score).toBeCloseTo((8 * 100) / 12, 12);
  });

  it("stops at the evaluation's budget with a clear failure", async () => {
    const exp = await create({ judgeBudget: { maxCalls: 3 } });
    const [baseline] = await runsOf(exp.id);
    const before = fake.requests.length;
    const outputs = REFERENCES.map((r) => `${r} (new)`);
    await expect(landRun(t.db, baseline!, outputs)).rejects.toThrow(
      /Judging budget reached: 3 of 3 calls spent; raise evalSuite.judgeBudget.maxCalls/,
    );
    expect(fake.requests.length - before).toBe(3);
    const [stored] = await t.db
      .select({ n: count() })
      .from(judgeCalls)
      .where(eq(judgeCalls.budgetKey, `run:${baseline!.id}`));
    expect(stored!.n).toBe(3);
  });

  it("refuses a judge in the wrong mode, naming the field", async () => {
    await expect(
      create({ primaryMetric: "accuracy", judges: [{ judgeId, mode: "pairwise" }] }),
    ).rejects.toThrow("evalSuite.judges.0.mode: judge rater judges in single mode (its template)");
  });
});
