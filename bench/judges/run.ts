/**
 * Judge throughput: single-mode judgments through the judging service (cache lookup, the call,
 * parsing, one committed row per answer) against the fake OpenAI-compatible server in another
 * process with 200 ms per completion, at concurrency 8 and 32, on in-memory PGlite. Reports
 * judgments per second and this process's CPU per judgment.
 * Usage: npx tsx bench/judges/run.ts [judgmentsPerLane]
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { openDb } from "@/server/db";
import { createJudge } from "@/server/services/judges";
import { judgeChat } from "@/server/services/judges/judge-chat";
import { sampleGames } from "@/server/services/judges/judge-game";
import { loadJudge } from "@/server/services/judges/load-judge";
import { runGames } from "@/server/services/judges/run-games";
import { setSecret, updateSettings } from "@/server/services/settings";
import { makeProjectCtx } from "@/tests/helpers/domain";

const perLane = Number(process.argv[2]) || 25;
process.env.TUNEBENCH_SECRET_KEY ??= "b".repeat(64);
const root = path.resolve(import.meta.dirname, "../..");
const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["bench/judges/fake-server.ts"], {
  cwd: root,
  env: { ...process.env, LATENCY_MS: "200" },
  stdio: ["ignore", "pipe", "inherit"],
});
const url: string = await new Promise((resolve) =>
  createInterface({ input: child.stdout! }).once("line", resolve),
);

const { db, close } = await openDb({});
const ctx = await makeProjectCtx(db, "bench");
await updateSettings(db, ctx.projectId!, null, { openai: { baseUrl: `${url}/v1` } });
await setSecret(db, ctx.projectId!, { name: "openai.apiKey", value: "sk-bench-0000" });
const { id } = await createJudge({
  ctx,
  input: {
    name: "bench",
    provider: "openai-compatible",
    model: "gpt-4o-mini",
    template: { kind: "single" },
  },
});
const { version } = await loadJudge(ctx, id);

console.log(`| concurrency | judgments | wall s | judgments/s | server CPU ms / judgment |`);
console.log(`| --- | --- | --- | --- | --- |`);
for (const concurrency of [8, 32]) {
  const n = perLane * concurrency;
  const games = Array.from(
    { length: n },
    (_, i) =>
      sampleGames(version, { question: `Question ${concurrency}-${i}?`, x: `Answer ${i}.` })[0]!,
  );
  const chat = await judgeChat(ctx, version, { concurrency });
  const cpu = process.cpuUsage();
  const start = performance.now();
  await runGames({ ctx, input: { version, games, chat, budgetKey: `bench:${concurrency}` } });
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / n;
  console.log(
    `| ${concurrency} | ${n} | ${wall.toFixed(2)} | ${(n / wall).toFixed(1)} | ${cpuMs.toFixed(2)} |`,
  );
}
await close();
child.kill();
