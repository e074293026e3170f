// A standalone worker process: `npx tsx server/jobs/run-worker.ts [--concurrency N]`.
// Meant for PostgreSQL (DATABASE_URL), where any number of them share the queue. On the embedded
// PGlite default the Next server already runs the loop, and PGlite serves one process only.
import { closeDb, getOpenDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { closeStatsThread } from "@/server/services/leaderboard";
import { jobDefinitions } from "./definitions";
import { startWorkerLoop } from "./worker";

async function main() {
  const env = getEnv();
  const flag = process.argv.indexOf("--concurrency");
  const concurrency = flag > 0 ? Number(process.argv[flag + 1]) : env.TUNEBENCH_WORKER_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(`--concurrency must be a positive integer, got ${process.argv[flag + 1]}`);
  const open = await getOpenDb();
  const loop = startWorkerLoop({ db: open.db, definitions: jobDefinitions, concurrency });
  console.error(
    `[jobs] worker ${loop.workerId} on ${open.kind}, concurrency ${concurrency}, kinds: ${jobDefinitions.map((d) => d.kind).join(", ") || "(none)"}`,
  );
  const stop = async () => {
    await loop.stop();
    await closeStatsThread();
    await closeDb();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
