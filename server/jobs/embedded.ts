import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { closeStatsThread } from "@/server/services/leaderboard";
import { jobDefinitions } from "./definitions";
import { startWorkerLoop, type WorkerLoop } from "./worker";

// On globalThis: Next's dev server may evaluate this module more than once.
const holder = globalThis as unknown as { __tunebenchWorker?: WorkerLoop };

/** The in-process job loop of the Next server. The embedded default needs it (PGlite serves one
 *  process); with PostgreSQL it can be turned off (TUNEBENCH_EMBEDDED_WORKER=0) in favour of
 *  `npx tsx server/jobs/run-worker.ts` processes. */
export async function startEmbeddedWorker(): Promise<WorkerLoop | null> {
  const env = getEnv();
  if (env.TUNEBENCH_EMBEDDED_WORKER === "0") return null;
  if (holder.__tunebenchWorker) return holder.__tunebenchWorker;
  const db = await getDb();
  const loop = startWorkerLoop({
    db,
    definitions: jobDefinitions,
    concurrency: env.TUNEBENCH_WORKER_CONCURRENCY,
  });
  holder.__tunebenchWorker = loop;
  for (const sig of ["SIGTERM", "SIGINT"] as const)
    process.once(sig, () => void loop.stop({ graceMs: 5_000 }).then(closeStatsThread));
  return loop;
}
