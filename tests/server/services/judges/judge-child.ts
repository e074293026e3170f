/** Judges N games in a process of its own, for the kill -9 test (judge-recovery.test.ts). */
import { openDb } from "@/server/db";
import { sampleGames } from "@/server/services/judges/judge-game";
import { loadJudge } from "@/server/services/judges/load-judge";
import { runGames } from "@/server/services/judges/run-games";
import { createOpenAIJudgeChat } from "@/trainers/judges/openai-chat";

const env = process.env;
const { db } = env.DATABASE_URL
  ? await openDb({ url: env.DATABASE_URL })
  : await openDb({ dataDir: env.TUNEBENCH_DATA_DIR! });
const ctx = { db, projectId: env.PROJECT_ID! };
const { version } = await loadJudge(ctx, env.JUDGE_ID!);
const chat = createOpenAIJudgeChat({
  settings: { apiKey: "sk-test", baseURL: env.FAKE_URL! },
  model: "gpt-4o-mini",
  concurrency: 2,
});
const games = Array.from(
  { length: Number(env.GAMES) },
  (_, i) => sampleGames(version, { question: `Question ${i}?`, x: `Answer ${i}.` })[0]!,
);
await runGames({ ctx, input: { version, games, chat, budgetKey: "recovery" } });
process.stdout.write("done\n");
