import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/server/ctx";
import { createCaller } from "@/server/root";
import { setSecret, updateSettings } from "@/server/services/settings";
import { createTestCtx } from "@/tests/helpers/ctx";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { makeProjectCtx } from "@/tests/helpers/domain";
import { seedExperiment } from "@/tests/server/services/reviews/fixtures";
import { type FakeOpenAI, startFakeOpenAI } from "@/tests/trainers/openai/fake-openai";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    return e.code;
  }
}
const lastUser = (body: { messages: { role: string; content: string }[] }) =>
  body.messages.filter((m) => m.role === "user").at(-1)!.content;

describe("judges router", () => {
  let t: TestDb;
  let fake: FakeOpenAI;
  let admin: Ctx, member: Ctx, reviewer: Ctx;
  beforeAll(async () => {
    process.env.TUNEBENCH_SECRET_KEY ??= "b".repeat(64);
    t = await createTestDb();
    fake = await startFakeOpenAI();
    admin = await createTestCtx(t.db, { role: "admin" });
    member = await createTestCtx(t.db, { role: "member" });
    reviewer = await createTestCtx(t.db, { role: "reviewer" });
    await updateSettings(t.db, admin.projectId!, null, { openai: { baseUrl: `${fake.url}/v1` } });
    await setSecret(t.db, admin.projectId!, {
      name: "openai.apiKey",
      value: "sk-judges-test-key-0000",
    });
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  it("lets admins create and edit judges, members read and try them, reviewers nothing", async () => {
    const input = {
      name: "rater",
      provider: "openai-compatible" as const,
      model: "gpt-4o-mini",
      template: { kind: "single" as const },
    };
    expect(await codeOf(createCaller(member).judges.create(input))).toBe("FORBIDDEN");
    const judge = await createCaller(admin).judges.create(input);
    expect(judge.current).toMatchObject({ version: 1, mode: "single" });
    expect(await codeOf(createCaller(member).judges.update({ judgeId: judge.id, ...input }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(createCaller(reviewer).judges.list())).toBe("FORBIDDEN");
    expect((await createCaller(member).judges.list()).map((j) => j.name)).toContain("rater");
    expect(await codeOf(createCaller(admin).judges.create(input))).toBe("CONFLICT");

    const edited = await createCaller(admin).judges.update({
      judgeId: judge.id,
      ...input,
      model: "gpt-4.1-mini",
    });
    expect(edited.current.version).toBe(2);
    const detail = await createCaller(member).judges.get({ judgeId: judge.id });
    expect(detail.versions.map((v) => [v.version, v.model])).toEqual([
      [2, "gpt-4.1-mini"],
      [1, "gpt-4o-mini"],
    ]);
    expect(JSON.stringify(detail)).not.toContain("judges-test-key");
  });

  it("refuses a custom template naming an unknown placeholder, and says which", async () => {
    const err = await createCaller(admin)
      .judges.create({
        name: "custom",
        provider: "openai-compatible",
        model: "gpt-4o-mini",
        template: { kind: "custom", mode: "single", text: "{{question}}\n{{answer}}\n{{answr}}" },
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toContain("line 3: unknown placeholder {{answr}}");
  });

  it("tries a judge: shows the prompt and verdict, and a second try costs no call", async () => {
    fake.chat.respond = (req) =>
      lastUser(req).includes("Paris") ? "Correct. Rating: [[10]]" : "Rating: [[4]]";
    const judge = await createCaller(admin).judges.create({
      name: "geo",
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      template: { kind: "single" },
    });
    const samples = [
      { question: "Capital of France?", answer: "Paris", reference: "Paris" },
      { question: "Capital of Italy?", answer: "Milan" },
    ];
    const before = fake.requests.length;
    const first = await createCaller(member).judges.try({ judgeId: judge.id, samples });
    expect(fake.requests.length - before).toBe(2);
    expect(first.samples.map((s) => s.score)).toEqual([100, (3 / 9) * 100]);
    expect(first.samples[0]!.games[0]!.messages[1]!.content).toContain(
      "[The Start of Reference Answer]\nParis",
    );
    expect(first.samples[0]!.games[0]).toMatchObject({
      status: "parsed",
      verdict: 10,
      cached: false,
    });
    const again = await createCaller(member).judges.try({ judgeId: judge.id, samples });
    expect(fake.requests.length - before).toBe(2);
    expect(again.samples.every((s) => s.games.every((g) => g.cached))).toBe(true);
    expect(again.costUsd).toBe(0);
  });

  it("prices a judge's calls at its version's pricing, refused for a local judge", async () => {
    fake.chat.respond = () => "Rating: [[7]]";
    const settings = {
      provider: "openai-compatible" as const,
      model: "gpt-oss-20b",
      template: { kind: "single" as const },
    };
    const judge = await createCaller(admin).judges.create({ name: "vllm", ...settings });
    const samples = [{ question: "Capital of Peru?", answer: "Lima" }];
    // A model the catalogue does not know: its cost is unknown.
    expect((await createCaller(member).judges.try({ judgeId: judge.id, samples })).costUsd).toBe(
      null,
    );
    const pricing = { inputUsdPerMTok: 0.2, outputUsdPerMTok: 0.6 };
    const priced = await createCaller(admin).judges.update({
      judgeId: judge.id,
      ...settings,
      pricing,
    });
    expect(priced.current.pricing).toEqual(pricing);
    const tried = await createCaller(member).judges.try({ judgeId: judge.id, samples });
    // Version 2 asks anew (the cache is per version): 100 + 20 tokens on the fake.
    expect(tried.costUsd).toBeCloseTo((100 * 0.2 + 20 * 0.6) / 1e6, 15);
    const detail = await createCaller(member).judges.get({ judgeId: judge.id });
    expect(detail.versions.map((v) => v.pricing)).toEqual([pricing, null]);

    const local = createCaller(admin).judges.update({
      judgeId: judge.id,
      ...settings,
      provider: "local",
      pricing,
    });
    await expect(local).rejects.toThrow(/pricing: a local judge runs on the worker/);
    const negative = createCaller(admin).judges.update({
      judgeId: judge.id,
      ...settings,
      pricing: { ...pricing, outputUsdPerMTok: -1 },
    });
    expect(await codeOf(negative)).toBe("BAD_REQUEST");
  });

  it("retries an answer without a verdict once, then stores it unparsed with its text", async () => {
    fake.chat.respond = () => "I cannot decide.";
    const judge = await createCaller(admin).judges.create({
      name: "mute",
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      template: { kind: "single" },
    });
    const before = fake.requests.length;
    const out = await createCaller(member).judges.try({
      judgeId: judge.id,
      samples: [{ question: "Q", answer: "A" }],
    });
    const sent = fake.requests
      .slice(before)
      .map((r) => r.body as { messages: { role: string; content: string }[] });
    expect(sent).toHaveLength(2);
    expect(lastUser(sent[1]!)).toContain("Reply again and end with your rating from 1 to 10");
    expect(out.samples[0]!.games[0]).toMatchObject({
      status: "unparsed",
      verdict: null,
      raw: "I cannot decide.",
    });
    expect(out.samples[0]!.score).toBeNull();
  });

  it("asks a pairwise judge in both orders; a judge that always picks the first slot ties", async () => {
    fake.chat.respond = () => "The first one. [[A]]";
    const judge = await createCaller(admin).judges.create({
      name: "first-slot",
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      template: { kind: "pairwise" },
    });
    const out = await createCaller(member).judges.try({
      judgeId: judge.id,
      samples: [{ question: "Q", answerA: "short", answerB: "a longer answer" }],
    });
    const [game1, game2] = out.samples[0]!.games;
    expect(game1!.messages[1]!.content).toContain("[The Start of Assistant A's Answer]\nshort\n");
    expect(game2!.messages[1]!.content).toContain(
      "[The Start of Assistant A's Answer]\na longer answer\n",
    );
    expect(out.samples[0]).toMatchObject({ winner: "tie", flipped: true });
  });

  it("tries a judge on a run's first 3 samples, or on two runs' outputs for a pairwise one", async () => {
    fake.chat.respond = (req) => {
      const prompt = lastUser(req);
      if (prompt.includes("Assistant A"))
        return prompt.includes("A's Answer]\nbetter") ? "[[A]]" : "[[B]]";
      return prompt.includes("better") ? "Rating: [[9]]" : "Rating: [[3]]";
    };
    const scores = [50, 50, 50, 50];
    const seeded = await seedExperiment(t.db, admin.projectId!, [
      { name: "baseline", isBaseline: true, scores, outputs: scores.map((_, i) => `plain ${i}`) },
      { name: "tuned", scores, outputs: scores.map((_, i) => `better ${i}`) },
    ]);
    const [baselineId, runId] = seeded.runIds as [string, string];
    const single = await createCaller(admin).judges.create({
      name: "from-run",
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      template: { kind: "single" },
    });
    const rated = await createCaller(member).judges.try({ judgeId: single.id, runId });
    expect(rated.samples.map((s) => s.score)).toEqual([
      (8 / 9) * 100,
      (8 / 9) * 100,
      (8 / 9) * 100,
    ]);
    // The fixture's sample i: "prompt i", reference "r" × (i + 1), the run's output.
    expect(rated.samples[2]!.games[0]!.messages[1]!.content).toContain("prompt 2");
    expect(rated.samples[2]!.games[0]!.messages[1]!.content).toContain(
      "[The Start of Reference Answer]\nrrr\n",
    );
    expect(rated.samples[2]!.games[0]!.messages[1]!.content).toContain("better 2");

    const pairwise = await createCaller(admin).judges.create({
      name: "two-runs",
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      template: { kind: "pairwise" },
    });
    const compared = await createCaller(member).judges.try({
      judgeId: pairwise.id,
      runId: baselineId,
      againstRunId: runId,
    });
    // The run tried is x; the judge prefers the other run's "better" answers in both orders.
    expect(compared.samples.map((s) => [s.winner, s.flipped])).toEqual([
      ["y", false],
      ["y", false],
      ["y", false],
    ]);
    expect(compared.samples[0]!.games[0]!.messages[1]!.content).toContain(
      "[The Start of Assistant A's Answer]\nplain 0\n",
    );

    const missing = createCaller(member).judges.try({ judgeId: pairwise.id, runId });
    await expect(missing).rejects.toThrow(/againstRunId: a pairwise judge compares/);
    expect(await codeOf(createCaller(reviewer).judges.try({ judgeId: single.id, runId }))).toBe(
      "FORBIDDEN",
    );
    const other = await makeProjectCtx(t.db, "elsewhere");
    const foreign = await seedExperiment(t.db, other.projectId!, [
      { name: "theirs", isBaseline: true, scores },
    ]);
    expect(
      await codeOf(
        createCaller(member).judges.try({ judgeId: single.id, runId: foreign.runIds[0]! }),
      ),
    ).toBe("NOT_FOUND");
  });
});
