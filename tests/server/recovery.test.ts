import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq, like, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { evaluationSamples, evaluations, jobs, runs } from "@/drizzle/schema";
import { type OpenDb, openDb } from "@/server/db";
import { uploadDataset } from "@/server/services/datasets";
import { createExperiment } from "@/server/services/experiments";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { dateExamples, makeProjectCtx, toChatJsonl } from "@/tests/helpers/domain";
import { storedPoints } from "@/tests/helpers/metrics";
import { tinyModelDir } from "@/tests/helpers/tiny-model";

// Crash recovery: a standalone worker process (the server's job loop) is killed with SIGKILL while
// a run trains, and again while a trained run is being evaluated. After restarts every run must
// finish, every metric point must be stored exactly once, and every run evaluated exactly once.
// On PGlite the data folder serves one process at a time, so this test only opens it while the
// worker process is stopped; with TEST_DATABASE_URL the same steps run on PostgreSQL.
const runsDir = mkdtempSync(path.join(tmpdir(), "tb-recovery-runs-"));
const pgUrl = process.env.TEST_DATABASE_URL;
let pgTest: TestDb | undefined;
let dataDir = "";
let child: ChildProcess | null = null;
const killed: string[] = [];

afterAll(async () => {
  child?.kill("SIGKILL");
  await pgTest?.close();
});

async function openShared(): Promise<OpenDb> {
  if (pgTest) return { db: pgTest.db, kind: "postgres", close: async () => {} };
  return openDb({ dataDir });
}

function startWorker(): ChildProcess {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a second process that a
  // SIGKILL of the first would leave running.
  const env = {
    ...process.env,
    TUNEBENCH_RUNS_DIR: runsDir,
    TUNEBENCH_RUN_JOB_LEASE_SECONDS: "3",
    TUNEBENCH_WORKER_CONCURRENCY: "3",
    TUNEBENCH_POLL_SLICE_MS: "3000",
  };
  if (pgTest) Object.assign(env, { DATABASE_URL: pgTest.url });
  else Object.assign(env, { TUNEBENCH_DATA_DIR: dataDir, DATABASE_URL: "" });
  const proc = spawn(process.execPath, ["--import", "tsx", "server/jobs/run-worker.ts"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  proc.stderr!.on("data", (b: Buffer) => appendFileSync(`${runsDir}.log`, b));
  return proc;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
async function kill9(proc: ChildProcess) {
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGKILL");
  await exited;
}
async function stopGracefully(proc: ChildProcess) {
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await Promise.race([exited, sleep(20_000).then(() => proc.kill("SIGKILL"))]);
  await exited;
}
const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");

describe("recovery after kill -9", () => {
  it("finishes every run, stores each metric point once and evaluates each run once", {
    timeout: 1_500_000,
  }, async () => {
    const model = tinyModelDir();
    if (pgUrl) pgTest = await createTestDb();
    else dataDir = mkdtempSync(path.join(tmpdir(), "tb-recovery-db-"));

    let open = await openShared();
    const ctx = await makeProjectCtx(open.db);
    const ds = await uploadDataset({
      ctx,
      input: {
        name: "dates",
        trainJsonl: toChatJsonl(dateExamples(40)),
        evalJsonl: toChatJsonl(dateExamples(5, 100)),
      },
    });
    const exp = await createExperiment({
      ctx,
      input: {
        name: "crash",
        baseModel: model,
        datasetVersionId: ds.versionId,
        grid: { learningRate: [1e-3, 2e-3], loraRank: [4], epochs: [2] },
        training: { batchSize: 1, maxSeqLen: 64, device: "cpu" },
        evalSuite: {
          metrics: ["accuracy", "chrf"],
          primaryMetric: "accuracy",
          generation: { maxNewTokens: 6 },
        },
      },
    });
    const runIds = exp.runIds;
    await open.close();

    // 1. Kill the job process (and the trainer it started) while a run is training.
    child = startWorker();
    const trainingRun = () =>
      runIds.find((id) => read(path.join(runsDir, id, "events.jsonl")).includes('"progress"'));
    await until(() => !!trainingRun(), 300_000, "a run to start training");
    const victim = trainingRun()!;
    await kill9(child);
    const trainerPid = Number(read(path.join(runsDir, victim, "worker.pid")));
    try {
      process.kill(trainerPid, "SIGKILL");
      killed.push("trainer");
    } catch {
      // it had already finished
    }
    killed.push("server during training");

    // 2. Restart; kill it again while a trained run is being evaluated.
    child = startWorker();
    const evaluatingRun = () =>
      runIds.find((id) => existsSync(path.join(runsDir, id, "eval", "generate.pid")));
    await until(() => !!evaluatingRun(), 600_000, "a trained run's evaluation to start");
    await kill9(child);
    killed.push("server during evaluation");

    // 3. Restart and let everything finish; check the database while the worker is stopped. The
    //    files tell when the work looks finished (every run's predictions written, no generation
    //    running); a round that stops too early just resumes in the next one.
    let done = false;
    const allDirs = () => readdirSync(runsDir).map((d) => path.join(runsDir, d));
    const looksFinished = () =>
      runIds.every((id) => existsSync(path.join(runsDir, id, "adapter"))) &&
      allDirs().length === runIds.length + 1 &&
      allDirs().every(
        (d) =>
          existsSync(path.join(d, "eval", "predictions.jsonl")) &&
          !existsSync(path.join(d, "eval", "generate.pid")),
      );
    for (let round = 0; round < 8 && !done; round++) {
      child = startWorker();
      await until(looksFinished, 240_000, "the work to look finished").catch(() => {});
      await sleep(8_000);
      await stopGracefully(child);
      child = null;
      open = await openShared();
      const states = await open.db
        .select({ status: runs.status })
        .from(runs)
        .where(eq(runs.experimentId, exp.id));
      done = states.every((s) => ["evaluated", "failed", "cancelled"].includes(s.status));
      if (!done) {
        const pending = await open.db
          .select({
            kind: jobs.kind,
            status: jobs.status,
            attempts: jobs.attempts,
            error: jobs.lastError,
          })
          .from(jobs)
          .where(sql`${jobs.status} <> 'succeeded'`);
        console.error(
          `recovery round ${round}: runs ${states.map((s) => s.status).join(", ")}; unfinished jobs ${JSON.stringify(pending)}`,
        );
        await open.close();
      }
    }
    expect(done).toBe(true);
    expect(killed).toContain("server during evaluation");

    const db = open.db;
    const all = await db.select().from(runs).where(eq(runs.experimentId, exp.id));
    expect(all.map((r) => [r.status, r.error])).toEqual(all.map(() => ["evaluated", null]));
    for (const run of all.filter((r) => !r.isBaseline)) {
      expect(run.totalSteps).toBe(80);
      // Stored once each: a step appears once per series, and every step of the run is there.
      const points = await storedPoints(db, run.id);
      expect(new Set(points.map((p) => `${p.name} ${p.step}`)).size).toBe(points.length);
      expect(points.filter((p) => p.name === "train/loss")).toHaveLength(80);
    }
    const evals = await db.select().from(evaluations).where(eq(evaluations.experimentId, exp.id));
    expect(evals.map((e) => e.runId).sort()).toEqual(all.map((r) => r.id).sort());
    for (const e of evals) {
      const [s] = await db
        .select({ n: count() })
        .from(evaluationSamples)
        .where(eq(evaluationSamples.evaluationId, e.id));
      expect(s!.n).toBe(5);
    }
    const evalJobs = await db
      .select({ key: jobs.key })
      .from(jobs)
      .where(like(jobs.key, "evaluate:%"));
    expect(evalJobs).toHaveLength(3);
    // The killed trainer was resumed (or reattached to) rather than started over in a second folder.
    expect(readdirSync(runsDir).sort()).toEqual(all.map((r) => r.id).sort());
    await open.close();
  });
});
