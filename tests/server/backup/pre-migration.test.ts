import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { projects } from "@/drizzle/schema";
import { restoreBackup } from "@/server/backup/restore-backup";
import { listSnapshots } from "@/server/backup/rotate";
import { MIGRATIONS_FOLDER, openDb } from "@/server/db";
import { pgliteTemplate } from "@/tests/helpers/db";
import { removeScratchInstalls, scratchInstall } from "./helpers";

type Journal = { entries: { idx: number; when: number; tag: string; version: string }[] };

/** The project's migrations plus one more, as the next release would bring. */
function nextReleaseMigrations(): { folder: string; currentTag: string; newTag: string } {
  const folder = mkdtempSync(path.join(tmpdir(), "tb-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const file = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(file, "utf8")) as Journal;
  const last = journal.entries.at(-1)!;
  const newTag = "9999_backup_probe";
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: newTag });
  writeFileSync(file, JSON.stringify(journal));
  writeFileSync(path.join(folder, `${newTag}.sql`), "CREATE TABLE backup_probe (id integer);");
  return { folder, currentTag: last.tag, newTag };
}

async function tables(dataDir: string): Promise<{ probe: boolean; slugs: string[] }> {
  const client = new PGlite(dataDir);
  try {
    const probe = await client.query<{ t: string | null }>(
      "SELECT to_regclass('backup_probe') AS t",
    );
    const slugs = await client.query<{ slug: string }>("SELECT slug FROM projects");
    return { probe: probe.rows[0]?.t !== null, slugs: slugs.rows.map((r) => r.slug) };
  } finally {
    await client.close();
  }
}

afterAll(removeScratchInstalls);

describe.runIf(!process.env.TEST_DATABASE_URL)("the snapshot before a migration", () => {
  const saved = process.env.TUNEBENCH_BACKUP_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.TUNEBENCH_BACKUP_DIR;
    else process.env.TUNEBENCH_BACKUP_DIR = saved;
  });

  it("snapshots an embedded database with pending migrations before migrating it", async () => {
    const install = scratchInstall("pre-migration");
    delete process.env.TUNEBENCH_BACKUP_DIR;
    const up = await openDb({ dataDir: install.dataDir, pgliteTemplate: await pgliteTemplate() });
    await up.db.insert(projects).values({ slug: "before-upgrade", name: "Before" });
    await up.close();
    // Up to date: nothing to protect against, no snapshot.
    await (await openDb({ dataDir: install.dataDir })).close();
    expect(listSnapshots(install.backupDir)).toEqual([]);

    const next = nextReleaseMigrations();
    const upgraded = await openDb({ dataDir: install.dataDir, migrationsFolder: next.folder });
    await upgraded.close();
    const [snapshot, ...more] = listSnapshots(install.backupDir);
    expect(more).toEqual([]);
    expect(snapshot!.reason).toBe("pre-migration");
    expect(await tables(install.dataDir)).toEqual({ probe: true, slugs: ["before-upgrade"] });

    // Restoring it steps back to the schema before the migration, with the data.
    const back = scratchInstall("pre-migration-restored");
    const report = await restoreBackup({
      archive: snapshot!.file,
      dataDir: back.dataDir,
      runsDir: back.runsDir,
      env: back.env,
      force: false,
      includeRuns: true,
    });
    expect(report.manifest.schema.latest).toBe(next.currentTag);
    expect(await tables(back.dataDir)).toEqual({ probe: false, slugs: ["before-upgrade"] });
  });

  it("does not migrate when the snapshot cannot be written", async () => {
    const install = scratchInstall("pre-migration-fails");
    await (
      await openDb({ dataDir: install.dataDir, pgliteTemplate: await pgliteTemplate() })
    ).close();
    const notAFolder = path.join(install.root, "not-a-folder");
    writeFileSync(notAFolder, "");
    process.env.TUNEBENCH_BACKUP_DIR = notAFolder;
    const next = nextReleaseMigrations();
    await expect(
      openDb({ dataDir: install.dataDir, migrationsFolder: next.folder }),
    ).rejects.toThrow(/Not migrating .*: the snapshot before migrating failed/);
    expect((await tables(install.dataDir)).probe).toBe(false);
    expect(existsSync(path.join(install.dataDir, "tunebench.pid"))).toBe(false);
  });
});
