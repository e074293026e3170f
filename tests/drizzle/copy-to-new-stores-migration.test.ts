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

// The migration that moves data into this session's stores, run on a database that holds it the old
// way: run_metrics rows into run_metric_chunks (every point arrives, in its chunk, with its value
// and time), and checkpoint evaluations' own scores and samples into `evaluations` rows.
const MIGRATIONS = path.resolve(import.meta.dirname, "../../drizzle/migrations");
const BEFORE = "0004_copy_to_new_stores"; // the first migration that copies into the new stores

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

describe("migration of checkpoint results into evaluations", () => {
  it("gives each completed checkpoint evaluation an evaluation of its own; a promoted step keeps the run's", async () => {
    const { db, migrate } = await openOld();
    const folder = olderMigrations();
    cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    await migrate(folder);
    await db.execute(sql`SET session_replication_role = replica`); // no project or dataset rows
    await db.execute(sql`INSERT INTO experiments (id, project_id, name, base_model, dataset_version_id, backend, eval_suite, grid, training)
      VALUES ('x1', 'p1', 'x', 'm', 'dv', 'local', '{"split": "eval"}', '{}', '{}')`);
    await db.execute(sql`INSERT INTO runs (id, project_id, experiment_id, index, name, hyperparams, spec, promoted_step)
      VALUES ('r1', 'p1', 'x1', 1, 'r', '{}', '{}', 2)`);
    // Promotion used to copy step 2's results into the run's own evaluation.
    await db.execute(sql`INSERT INTO evaluations (id, project_id, experiment_id, run_id, status, split, sample_count, scores)
      VALUES ('e-run', 'p1', 'x1', 'r1', 'completed', 'eval', 1, '{"accuracy": {"score": 100, "ci": null}}')`);
    const score = (s: number) => JSON.stringify({ accuracy: { score: s, ci: [s - 1, s + 1] } });
    await db.execute(sql`INSERT INTO checkpoint_evaluations (id, run_id, step, kind, status, sample_count, scores, finished_at) VALUES
      ('ce1', 'r1', 1, 'checkpoint', 'completed', 2, ${score(50)}::jsonb, '2026-01-01T00:00:00Z'),
      ('ce2', 'r1', 2, 'checkpoint', 'completed', 1, ${score(100)}::jsonb, '2026-01-01T00:00:00Z'),
      ('cef', 'r1', -1, 'final', 'completed', 1, ${score(0)}::jsonb, '2026-01-01T00:00:00Z'),
      ('ce3', 'r1', 3, 'checkpoint', 'failed', 0, '{}'::jsonb, NULL)`);
    await db.execute(sql`INSERT INTO checkpoint_evaluation_samples (checkpoint_evaluation_id, idx, prompt, reference, output, scores, primary_score) VALUES
      ('ce1', 0, 'p0', 'a', 'a', '{"accuracy": 100}', 100),
      ('ce1', 1, 'p1', 'b', 'x', '{"accuracy": 0}', 0),
      ('cef', 0, 'p0', 'a', 'no', '{"accuracy": 0}', 0)`);
    await migrate(MIGRATIONS);

    const { rows: gone } = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n
      FROM information_schema.columns WHERE table_name = 'checkpoint_evaluation_samples'
        OR (table_name = 'checkpoint_evaluations' AND column_name IN ('scores', 'sample_count'))`);
    expect(gone[0]!.n).toBe(0);
    const { rows } = await db.execute<{
      id: string;
      evaluation_id: string | null;
      run_id: string | null;
      sample_count: number | null;
      scores: unknown;
      samples: unknown;
    }>(sql`SELECT ce.id, ce.evaluation_id, e.run_id, e.sample_count, e.scores,
        (SELECT json_agg(json_build_array(s.idx, s.output, s.primary_score) ORDER BY s.idx)
          FROM evaluation_samples s WHERE s.evaluation_id = e.id) AS samples
      FROM checkpoint_evaluations ce LEFT JOIN evaluations e ON e.id = ce.evaluation_id
      ORDER BY ce.id`);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId.ce2!.evaluation_id).toBe("e-run"); // the promoted step is the run's evaluation
    expect(byId.ce3!.evaluation_id).toBeNull(); // a failed one has no results
    expect(byId.ce1).toMatchObject({
      run_id: null,
      sample_count: 2,
      scores: JSON.parse(score(50)),
      samples: [
        [0, "a", 100],
        [1, "x", 0],
      ],
    });
    expect(byId.cef).toMatchObject({ run_id: null, sample_count: 1, samples: [[0, "no", 0]] });
    expect(new Set(rows.map((r) => r.evaluation_id)).size).toBe(4); // three results and a null
  });
});
