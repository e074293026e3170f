import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { projects } from "@/drizzle/schema";
import { createSnapshot } from "@/server/backup/create-snapshot";
import { findPgTool } from "@/server/backup/postgres-tools";
import { restoreBackup } from "@/server/backup/restore-backup";
import { snapshotDatabaseOf } from "@/server/backup/sources";
import { MIGRATIONS_FOLDER, type OpenDb, openDb } from "@/server/db";
import { createEmptyPostgres, createTestDb, pgliteTemplate, type TestDb } from "@/tests/helpers/db";
import {
  expectPrefix,
  loadRowsPglite,
  loadRowsPostgres,
  removeScratchInstalls,
  scratchInstall,
  snapshotUnderLoad,
} from "./helpers";

// The suite runs once without TEST_DATABASE_URL (PGlite in a data folder, as the server keeps it)
// and once with it (PostgreSQL through pg_dump and psql).
const pgUrl = process.env.TEST_DATABASE_URL;
const journal = JSON.parse(
  readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8"),
) as { entries: { tag: string }[] };

function tree(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory()) Object.assign(out, tree(path.join(dir, e.name), `${rel}/`));
    else out[rel] = readFileSync(path.join(dir, e.name)).toString("base64");
  }
  return out;
}

function seedRunsAndKey(install: ReturnType<typeof scratchInstall>) {
  mkdirSync(path.join(install.runsDir, "run-1/adapter"), { recursive: true });
  writeFileSync(path.join(install.runsDir, "run-1/events.jsonl"), '{"type":"started"}\n');
  writeFileSync(
    path.join(install.runsDir, "run-1/adapter/adapter_model.safetensors"),
    randomBytes(70_000),
  );
  writeFileSync(install.keyFile, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
}

afterAll(removeScratchInstalls);

describe.runIf(!pgUrl)("backup and restore on PGlite", () => {
  const install = scratchInstall("backup-pglite");
  let open: OpenDb;
  afterAll(() => open?.close());

  it("restores a snapshot taken under write load to exactly the rows committed before it", async () => {
    open = await openDb({ dataDir: install.dataDir, pgliteTemplate: await pgliteTemplate() });
    seedRunsAndKey(install);
    await open.db.insert(projects).values({ slug: "kept", name: "Kept" });
    let file = "";
    const load = await snapshotUnderLoad(open.db, async () => {
      file = (
        await createSnapshot({
          database: snapshotDatabaseOf(open.db),
          reason: "manual",
          target: { dir: install.backupDir, keep: 3 },
          runsDir: install.runsDir,
          env: install.env,
          includeSecretKey: true,
          migrationsFolder: MIGRATIONS_FOLDER,
        })
      ).file;
    });
    expect(load.total).toBeGreaterThan(load.after);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const target = scratchInstall("restored-pglite");
    const report = await restoreBackup({
      archive: file,
      dataDir: target.dataDir,
      runsDir: target.runsDir,
      env: target.env,
      force: false,
      includeRuns: true,
    });
    expect(report.manifest.schema.latest).toBe(journal.entries.at(-1)!.tag);
    const { k, problems } = expectPrefix(await loadRowsPglite(target.dataDir), load);
    expect(problems).toEqual([]);
    expect(k).toBeGreaterThanOrEqual(load.before);

    // The rest of the installation comes back byte for byte: the app's rows, the runs folder, the key.
    const client = new PGlite(target.dataDir);
    const { rows } = await client.query<{ slug: string }>("SELECT slug FROM projects");
    await client.close();
    expect(rows.map((r) => r.slug)).toContain("kept");
    // The source folder's lock (this process's pid) does not come back with it.
    expect(existsSync(path.join(target.dataDir, "tunebench.pid"))).toBe(false);
    expect(tree(target.runsDir)).toEqual(tree(install.runsDir));
    expect(readFileSync(target.keyFile)).toEqual(readFileSync(install.keyFile));
    expect(statSync(target.keyFile).mode & 0o777).toBe(0o600);
  });
});

describe.runIf(pgUrl && findPgTool("pg_dump") && findPgTool("psql"))(
  "backup and restore on PostgreSQL (pg_dump, psql)",
  () => {
    let source: TestDb;
    let restored: Awaited<ReturnType<typeof createEmptyPostgres>> | undefined;
    afterAll(async () => {
      await source?.close();
      await restored?.drop();
    });

    it("restores a pg_dump taken under write load to exactly the rows committed before it", async () => {
      source = await createTestDb();
      const install = scratchInstall("backup-postgres");
      seedRunsAndKey(install);
      await source.db.insert(projects).values({ slug: "kept", name: "Kept" });
      let file = "";
      const load = await snapshotUnderLoad(source.db, async () => {
        file = (
          await createSnapshot({
            database: { kind: "postgres", url: source.url! },
            reason: "manual",
            target: { file: path.join(install.root, "pg.tar.gz") },
            runsDir: install.runsDir,
            env: install.env,
            includeSecretKey: true,
            migrationsFolder: MIGRATIONS_FOLDER,
          })
        ).file;
      });

      restored = await createEmptyPostgres();
      const target = scratchInstall("restored-postgres");
      const report = await restoreBackup({
        archive: file,
        dataDir: target.dataDir,
        runsDir: target.runsDir,
        databaseUrl: restored.url,
        env: target.env,
        force: false,
        includeRuns: true,
      });
      expect(report.manifest.database.kind).toBe("postgres");
      const { k, problems } = expectPrefix(await loadRowsPostgres(restored.url), load);
      expect(problems).toEqual([]);
      expect(k).toBeGreaterThanOrEqual(load.before);
      expect(tree(target.runsDir)).toEqual(tree(install.runsDir));
      expect(readFileSync(target.keyFile)).toEqual(readFileSync(install.keyFile));

      // The restored database is a working Tunebench database: it opens (migrations up to date).
      const reopened = await openDb({ url: restored.url, poolMax: 1 });
      const slugs = await reopened.db.execute<{ slug: string }>(sql`SELECT slug FROM projects`);
      await reopened.close();
      expect(slugs.rows.map((r) => r.slug)).toContain("kept");

      // A second restore into the now-full database is refused, not merged.
      await expect(
        restoreBackup({
          archive: file,
          dataDir: target.dataDir,
          runsDir: target.runsDir,
          databaseUrl: restored.url,
          env: target.env,
          force: true,
          includeRuns: false,
        }),
      ).rejects.toThrow(/is not empty/);
    });
  },
);
