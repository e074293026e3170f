import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDefaultProject } from "@/server/services/projects";
import { setSecret, updateSettings } from "@/server/services/settings";
import { apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { seedExperiment } from "@/tests/server/services/reviews/fixtures";
import { type FakeOpenAI, startFakeOpenAI } from "@/tests/trainers/openai/fake-openai";
import { startApiServer } from "./http-server";
import { runCli } from "./run-cli";

// REST /api/v1/judges (admins create and edit, members try) and `tunebench judge try`, against
// a scripted judge on the fake OpenAI-compatible server.
let t: TestDb;
let restore: () => void;
let server: Awaited<ReturnType<typeof startApiServer>>;
let fake: FakeOpenAI;
let admin: string;
let member: string;
let dir: string;

beforeAll(async () => {
  process.env.TUNEBENCH_SECRET_KEY ??= "b".repeat(64);
  t = await createTestDb();
  restore = useApi(t.db);
  server = await startApiServer();
  fake = await startFakeOpenAI();
  fake.chat.respond = (req) =>
    req.messages.at(-1)!.content.includes("France") ? "Right. [[10]]" : "Wrong country. [[2]]";
  const projectId = (await ensureDefaultProject(t.db)).id;
  await updateSettings(t.db, projectId, null, { openai: { baseUrl: `${fake.url}/v1` } });
  await setSecret(t.db, projectId, { name: "openai.apiKey", value: "sk-cli-judge-0000" });
  admin = await apiToken(t.db, "admin", ["read", "write"]);
  member = await apiToken(t.db, "member", ["read", "write"]);
  dir = mkdtempSync(path.join(tmpdir(), "tb-judge-"));
});
afterAll(async () => {
  await fake?.close();
  await server?.close();
  restore?.();
  await t?.close();
});

const call = (token: string, method: string, route: string, body?: unknown) =>
  fetch(`${server.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("/api/v1/judges and tunebench judge try", () => {
  it("creates, versions and tries a judge", async () => {
    const settings = {
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      template: { kind: "single" },
    };
    expect((await call(member, "POST", "/judges", { name: "geo", ...settings })).status).toBe(403);
    const created = await call(admin, "POST", "/judges", { name: "geo", ...settings });
    expect(created.status).toBe(201);
    const judge = (await created.json()) as { id: string };
    const bad = await call(admin, "POST", `/judges/${judge.id}/versions`, {
      ...settings,
      template: { kind: "custom", mode: "single", text: "{{question}} {{answer}} {{answerr}}" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("unknown placeholder {{answerr}}");
    const v2 = await call(admin, "POST", `/judges/${judge.id}/versions`, settings);
    expect(((await v2.json()) as { current: { version: number } }).current.version).toBe(2);
    const listed = (await (await call(member, "GET", "/judges")).json()) as {
      judges: { name: string }[];
    };
    expect(listed.judges.map((j) => j.name)).toEqual(["geo"]);

    const file = path.join(dir, "samples.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify({ question: "Capital of France?", answer: "Paris" })}\n${JSON.stringify({ question: "Capital of Spain?", answer: "Paris" })}\n`,
    );
    const env = { TUNEBENCH_URL: server.url, TUNEBENCH_TOKEN: member };
    const first = await runCli(["judge", "try", judge.id, "--samples", file], env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("judge");
    expect(first.stdout).toMatch(/sample 1: score 100\.0\n/);
    expect(first.stdout).toMatch(/sample 2: score 11\.1\n/);
    const again = await runCli(["judge", "try", judge.id, "--samples", file, "--show-prompt"], env);
    expect(again.stdout).toContain("answer: parsed 10 (cached)");
    expect(again.stdout).toContain("[The Start of Assistant's Answer]");
    const usage = await runCli(["judge", "try", judge.id], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("give either --samples or --run");

    // A price for the endpoint's model, over REST; then the run's first 3 samples from the CLI.
    const pricing = { inputUsdPerMTok: 1, outputUsdPerMTok: 2 };
    const v3 = await call(admin, "POST", `/judges/${judge.id}/versions`, { ...settings, pricing });
    expect(((await v3.json()) as { current: { pricing: unknown } }).current.pricing).toEqual(
      pricing,
    );
    const projectId = (await ensureDefaultProject(t.db)).id;
    const seeded = await seedExperiment(t.db, projectId, [
      { name: "base", isBaseline: true, scores: [1, 1, 1, 1], outputs: ["a", "b", "c", "d"] },
    ]);
    const fromRun = await runCli(["judge", "try", judge.id, "--run", seeded.runIds[0]!], env);
    expect(fromRun.code).toBe(0);
    expect(fromRun.stdout).toContain("judge");
    expect(fromRun.stdout.match(/sample \d: score 11\.1\n/g)).toHaveLength(3);
    // 3 calls at 100 + 20 tokens on the fake, priced at $1 / $2 per 1M tokens.
    expect(fromRun.stdout).toContain(`cost $${((3 * (100 * 1 + 20 * 2)) / 1e6).toFixed(6)}`);

    // tunebench judge save: a judge from a file, then its next version; admins only.
    const spec = path.join(dir, "judge.json");
    writeFileSync(
      spec,
      JSON.stringify({ name: "vllm", ...settings, model: "gpt-oss-20b", pricing }),
    );
    const denied = await runCli(["judge", "save", "--file", spec], env);
    expect(denied.code).toBe(2);
    const adminEnv = { ...env, TUNEBENCH_TOKEN: admin };
    const saved = await runCli(["judge", "save", "--file", spec], adminEnv);
    expect(saved.stderr).toBe("");
    expect(saved.stdout).toMatch(/^judge vllm \(.+\) version 1\n$/);
    const vllmId = saved.stdout.match(/\((.+)\)/)![1]!;
    writeFileSync(spec, JSON.stringify({ ...settings, model: "gpt-oss-20b" }));
    const next = await runCli(["judge", "save", "--file", spec, "--judge", vllmId], adminEnv);
    expect(next.stdout).toContain("version 2");
    const versions = (await (await call(member, "GET", `/judges/${vllmId}`)).json()) as {
      versions: { pricing: unknown }[];
    };
    expect(versions.versions.map((v) => v.pricing)).toEqual([null, pricing]);
  });
});
