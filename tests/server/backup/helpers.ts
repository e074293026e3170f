import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import pg from "pg";
import type { Db } from "@/server/db";

const roots: string[] = [];

/** A scratch folder laid out like an installation: data/pglite, data/runs, data/backups. */
export function scratchInstall(prefix: string) {
  const root = mkdtempSync(path.join(tmpdir(), `tb-${prefix}-`));
  roots.push(root);
  const data = path.join(root, "data");
  return {
    root,
    dataDir: path.join(data, "pglite"),
    runsDir: path.join(data, "runs"),
    backupDir: path.join(data, "backups"),
    keyFile: path.join(data, "secret-key"),
    env: {
      TUNEBENCH_DATA_DIR: path.join(data, "pglite"),
      TUNEBENCH_RUNS_DIR: path.join(data, "runs"),
    },
  };
}

/** Deletes this file's scratch installations (each holds database folders and archives of tens
 *  of megabytes); call it from a top-level afterAll, which runs after the describes' own. */
export function removeScratchInstalls(): void {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(5);
}

export type LoadResult = { before: number; after: number; total: number };

/**
 * Runs `snapshot` while a writer commits numbered rows in pairs, alternating a two-statement
 * transaction and one two-row INSERT, so each commit adds exactly the next two numbers. `before`:
 * every row up to it had committed when the snapshot started; `after`: committed when it returned.
 * The writer goes on past the snapshot, so the snapshot must leave later commits out.
 */
export async function snapshotUnderLoad(
  db: Db,
  snapshot: () => Promise<unknown>,
): Promise<LoadResult> {
  await db.execute(sql`CREATE TABLE load_rows (n integer PRIMARY KEY)`);
  let committed = 0;
  let stop = false;
  const writer = (async () => {
    for (let n = 2; !stop; n += 2) {
      if ((n / 2) % 2)
        await db.transaction(async (tx) => {
          await tx.execute(sql`INSERT INTO load_rows VALUES (${n - 1})`);
          await tx.execute(sql`INSERT INTO load_rows VALUES (${n})`);
        });
      else await db.execute(sql`INSERT INTO load_rows VALUES (${n - 1}), (${n})`);
      committed = n;
      // PGlite answers through microtasks alone: without a macrotask turn this loop would starve
      // the timers and I/O the snapshot waits on (a server's requests arrive as macrotasks too).
      await new Promise((r) => setImmediate(r));
    }
  })();
  await until(() => committed >= 200);
  const before = committed;
  await snapshot();
  const after = committed;
  await until(() => committed >= after + 200);
  stop = true;
  await writer;
  return { before, after, total: committed };
}

export async function loadRowsPglite(dataDir: string): Promise<number[]> {
  const client = new PGlite(dataDir);
  try {
    const { rows } = await client.query<{ n: number }>("SELECT n FROM load_rows ORDER BY n");
    return rows.map((r) => r.n);
  } finally {
    await client.close();
  }
}

export async function loadRowsPostgres(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>("SELECT n FROM load_rows ORDER BY n");
    return rows.map((r) => r.n);
  } finally {
    await client.end();
  }
}

/** The restored rows are exactly 1..k for an even k between the two marks (pairs commit whole). */
export function expectPrefix(rows: number[], load: LoadResult): { k: number; problems: string[] } {
  const k = rows.length;
  const problems: string[] = [];
  rows.forEach((n, i) => {
    if (n !== i + 1) problems.push(`row ${i} is ${n}, not ${i + 1}`);
  });
  if (k % 2) problems.push(`${k} rows: half of a committed pair`);
  if (k < load.before)
    problems.push(`${k} rows, but ${load.before} had committed before the snapshot`);
  if (k > load.after + 2)
    problems.push(`${k} rows, but only ${load.after} had committed when it returned`);
  return { k, problems: problems.slice(0, 5) };
}
