import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { judgeCalls } from "@/drizzle/schema";
import { type OpenDb, openDb } from "@/server/db";
import { createJudge } from "@/server/services/judges";
import { sampleGames } from "@/server/services/judges/judge-game";
import { loadJudge } from "@/server/services/judges/load-judge";
import { runGames } from "@/server/services/judges/run-games";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { makeProjectCtx } from "@/tests/helpers/domain";
import { type FakeOpenAI, startFakeOpenAI } from "@/tests/trainers/openai/fake-openai";
import { createOpenAIJudgeChat } from "@/trainers/judges/openai-chat";

// kill -9 mid-judging: a process judging 30 games is killed with SIGKILL; judging them again
// asks only for the games whose answers were not committed, and stores each game once. On PGlite
// the data folder serves one process at a time, so this test opens it only while the child is
// stopped; with TEST_DATABASE_URL the same steps run on PostgreSQL.
const GAMES = 30;
const pgUrl = process.env.TEST_DATABASE_URL;
let pg: TestDb | undefined;
let fake: FakeOpenAI | undefined;
afterAll(async () => {
  await fake?.close();
  await pg?.close();
});

describe("judging after kill -9", () => {
  it("repeats no committed call and writes no duplicate row", async () => {
    fake = await startFakeOpenAI();
    fake.chat.latencyMs = 150;
    fake.chat.respond = () => "Rating: [[6]]";
    const dataDir = mkdtempSync(path.join(tmpdir(), "tb-judge-kill-"));
    if (pgUrl) pg = await createTestDb();
    const open = (): Promise<OpenDb> =>
      pg
        ? Promise.resolve({ db: pg.db, kind: "postgres", close: async () => {} })
        : openDb({ dataDir });

    let shared = await open();
    const ctx = await makeProjectCtx(shared.db, "kill");
    const judge = await createJudge({
      ctx,
      input: {
        name: "k",
        provider: "openai-compatible",
        model: "gpt-4o-mini",
        template: { kind: "single" },
      },
    });
    await shared.close();

    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/server/services/judges/judge-child.ts"],
      {
        env: {
          ...process.env,
          ...(pg ? { DATABASE_URL: pg.url } : { TUNEBENCH_DATA_DIR: dataDir, DATABASE_URL: "" }),
          PROJECT_ID: ctx.projectId!,
          JUDGE_ID: judge.id,
          FAKE_URL: `${fake.url}/v1`,
          GAMES: String(GAMES),
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = new Promise((r) => child.once("exit", r));
    while (fake.requests.length < 10) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    await exited;
    const sentBefore = fake.requests.length;
    expect(sentBefore).toBeLessThan(GAMES);

    shared = await open();
    const db = shared.db;
    const committed = await db.select().from(judgeCalls);
    expect(committed.length).toBeGreaterThan(0);
    const { version } = await loadJudge({ db, projectId: ctx.projectId }, judge.id);
    const games = Array.from(
      { length: GAMES },
      (_, i) => sampleGames(version, { question: `Question ${i}?`, x: `Answer ${i}.` })[0]!,
    );
    const chat = createOpenAIJudgeChat({
      settings: { apiKey: "sk-test", baseURL: `${fake.url}/v1` },
      model: "gpt-4o-mini",
    });
    await runGames({
      ctx: { db, projectId: ctx.projectId },
      input: { version, games, chat, budgetKey: "recovery" },
    });

    const asked = (i: number) =>
      (fake!.requests[i]!.body as { messages: { content: string }[] }).messages[1]!.content;
    const committedPrompts = new Set(committed.map((c) => c.messages[1]!.content));
    const askedAgain = Array.from({ length: fake.requests.length - sentBefore }, (_, k) =>
      asked(sentBefore + k),
    );
    // Only what was never committed is asked again, and all of it is.
    expect(askedAgain.filter((p) => committedPrompts.has(p))).toEqual([]);
    expect(askedAgain).toHaveLength(GAMES - committed.length);
    const rows = await db.select().from(judgeCalls);
    expect(rows).toHaveLength(GAMES);
    expect(new Set(rows.map((r) => r.cacheKey)).size).toBe(GAMES);
    await shared.close();
  });
});
