import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { jobs } from "@/drizzle/schema";
import { type OpenDb, openDb } from "@/server/db";
import { insertJob, type JobDefinition, startWorkerLoop } from "@/server/jobs";
import { createTestDb } from "@/tests/helpers/db";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fixture = path.join(import.meta.dirname, "fixtures/crash-worker.ts");

// A worker process killed with SIGKILL mid-job leaves a running job behind; once its lease lapses,
// another worker re-claims it and finishes it, exactly once. On PGlite the folder is handed over
// (the dead process cannot hold it); on PostgreSQL the survivor runs alongside.
describe("a killed worker process", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tunebench-crash-"));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("loses nothing and repeats nothing", async () => {
    const markers = path.join(dir, "markers");
    mkdirSync(markers);
    const pg = process.env.TEST_DATABASE_URL ? await createTestDb() : null;
    const env = pg ? { DATABASE_URL: pg.url! } : { TUNEBENCH_DATA_DIR: path.join(dir, "pglite") };

    let open: OpenDb = pg
      ? { db: pg.db, kind: "postgres", close: pg.close }
      : await openDb({ dataDir: env.TUNEBENCH_DATA_DIR });
    const ids: string[] = [];
    for (let n = 0; n < 3; n++)
      ids.push((await insertJob(open.db, { kind: "crashy", payload: { n } })).id);
    if (!pg) await open.close();

    const child = spawn(process.execPath, ["--import", "tsx", fixture], {
      env: { ...process.env, ...env, MARKER_DIR: markers },
      stdio: "inherit",
    });
    children.push(child);
    const deadline = Date.now() + 60_000;
    while (readdirSync(markers).length < 3) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error("the worker process never started its jobs");
      await sleep(100);
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    if (!pg) open = await openDb({ dataDir: env.TUNEBENCH_DATA_DIR });
    const finished = new Map<number, number>();
    const crashy: JobDefinition<{ n: number }> = {
      kind: "crashy",
      payload: z.object({ n: z.number() }),
      leaseSeconds: 2,
      async handler({ payload }) {
        finished.set(payload.n, (finished.get(payload.n) ?? 0) + 1);
      },
    };
    const loop = startWorkerLoop({
      db: open.db,
      definitions: [crashy],
      concurrency: 3,
      pollMs: 100,
      log: () => {},
    });
    const until = Date.now() + 30_000;
    let rows = await open.db.select().from(jobs);
    while (!rows.every((r) => r.status === "succeeded") && Date.now() < until) {
      await sleep(200);
      rows = await open.db.select().from(jobs);
    }
    await loop.stop();
    expect(rows.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(rows.every((r) => r.attempts === 2)).toBe(true);
    expect([...finished.entries()].sort()).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    const [one] = await open.db.select().from(jobs).where(eq(jobs.id, ids[0]!));
    expect(one!.lockedBy).toBeNull();
    await open.close();
  });
});
