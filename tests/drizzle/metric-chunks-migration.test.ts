import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db";
import { storedPoints } from "@/tests/helpers/metrics";

// The migration that moves run_metrics rows into run_metric_chunks, run on a database that holds
// points stored the old way: every point arrives, in its chunk, with its value and time.
const MIGRATIONS = path.resolve(import.meta.dirname, "../../drizzle/migrations");
const BEFORE = "0004_metric_chunks_from_rows"; // the first migration that knows chunks' data

/** The migrations folder as it was before BEFORE. */
function olderMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tb-migrations-"));
  mkdirSync(path.join(dir, "meta"));
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta/_journal.json"), "utf8"));
  const cut = journal.entries.findIndex((e: { tag: string }) => e.tag === BEFORE);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(journal));
  for (const e of journal.entries as { tag: string }[])
    cpSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

const old: [string, string, number, number, string][] = [
  ...Array.from(
    { length: 2500 },
    (_, s) =>
      ["r1", "train/loss", s, 1 / (s + 1), new Date(1.7e12 + s * 1000.5).toISOString()] as [
        string,
        string,
        number,
        number,
        string,
      ],
  ),
  ["r1", 'odd, "name"', 12_000, -0.5, "2026-01-01T00:00:00.123Z"],
  ["r1", 'odd, "name"', 5, 7, "2026-01-01T00:00:00Z"],
  ["r2", "train/loss", 999, 2, "2026-01-02T00:00:00Z"],
  ["r2", "train/loss", 1000, 3, "2026-01-02T00:00:01Z"],
];

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function openOld(): Promise<{ db: Db; migrate(folder: string): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const client = new PGlite();
    const db = drizzlePglite(client);
    cleanups.push(() => client.close());
    return {
      db: db as unknown as Db,
      migrate: (folder) => migratePglite(db, { migrationsFolder: folder }),
    };
  }
  const name = `tunebench_migration_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  // One connection: the session setting below must hold for the migrations too.
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  cleanups.push(async () => {
    await client.end();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  const db = drizzlePg(client);
  return {
    db: db as unknown as Db,
    migrate: (folder) => migratePg(db, { migrationsFolder: folder }),
  };
}

describe("migration to metric chunks", () => {
  it("moves every stored point into its chunk with its value and time", async () => {
    const { db, migrate } = await openOld();
    const folder = olderMigrations();
    cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    await migrate(folder);
    // The runs the points belong to are beside the point here: skip foreign keys for the fixture.
    await db.execute(sql`SET session_replication_role = replica`);
    for (let i = 0; i < old.length; i += 1000) {
      const rows = old
        .slice(i, i + 1000)
        .map(
          ([run, name, step, value, time]) =>
            sql`(${run}, ${name}, ${step}, ${value}, ${time}::timestamptz)`,
        );
      await db.execute(
        sql`INSERT INTO run_metrics (run_id, name, step, value, time) VALUES ${sql.join(rows, sql`, `)}`,
      );
    }
    await migrate(MIGRATIONS);
    const { rows: tables } = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'run_metrics'`,
    );
    expect(tables[0]!.n).toBe(0);
    const expected = [...old]
      .sort((a, b) =>
        a[0] !== b[0]
          ? a[0] < b[0]
            ? -1
            : 1
          : a[1] !== b[1]
            ? a[1] < b[1]
              ? -1
              : 1
            : a[2] - b[2],
      )
      .map(([runId, name, step, value, time]) => ({
        runId,
        name,
        step,
        value,
        time: Date.parse(time),
      }));
    const got = await storedPoints(db);
    expect(got.map((p) => p.name)).toEqual(expected.map((p) => p.name)); // same name order as SQL's
    expect(got).toEqual(expected);
    const { rows: chunks } = await db.execute<{
      run_id: string;
      name: string;
      chunk: number;
      n: number;
      last_value: number;
    }>(
      sql`SELECT run_id, name, chunk, n, last_value FROM run_metric_chunks ORDER BY run_id, name, chunk`,
    );
    expect(chunks.map((c) => [c.run_id, c.chunk, c.n, c.last_value])).toEqual([
      ["r1", 0, 1, 7],
      ["r1", 12, 1, -0.5],
      ["r1", 0, 1000, 1 / 1000],
      ["r1", 1, 1000, 1 / 2000],
      ["r1", 2, 500, 1 / 2500],
      ["r2", 0, 1, 2],
      ["r2", 1, 1, 3],
    ]);
  });
});
