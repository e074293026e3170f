import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { DomainCtx } from "@/server/ctx";
import { jobDefinitions } from "@/server/jobs/definitions";
import { startWorkerLoop, type WorkerLoop } from "@/server/jobs/worker";
import { createTestDb, type TestDb } from "./db";
import { makeProjectCtx } from "./domain";

export type Pipeline = {
  t: TestDb;
  ctx: DomainCtx;
  /** Starts the app's job loop (every job kind) on the test's database; stopped after the file. */
  startJobs(): WorkerLoop;
};

/**
 * What the whole-spine tests share: a fresh runs folder, a test database (PGlite, or PostgreSQL
 * with TEST_DATABASE_URL) with a project, and the job loop, all torn down after the file. The
 * returned object is filled in beforeAll.
 */
export function pipelineFixture(): Pipeline {
  let loop: WorkerLoop | undefined;
  const p = {
    startJobs() {
      loop = startWorkerLoop({
        db: p.t.db,
        definitions: jobDefinitions,
        concurrency: 2,
        log: () => {},
      });
      return loop;
    },
  } as Pipeline;
  beforeAll(async () => {
    process.env.TUNEBENCH_RUNS_DIR = mkdtempSync(path.join(tmpdir(), "tb-runs-"));
    p.t = await createTestDb();
    p.ctx = await makeProjectCtx(p.t.db);
  });
  afterAll(async () => {
    await loop?.stop({ graceMs: 1000 });
    await p.t?.close();
  });
  return p;
}

/** Polls `check` every second until it holds; throws after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("timed out");
}
