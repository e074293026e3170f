import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSnapshot } from "@/server/backup/create-snapshot";
import { restoreBackup } from "@/server/backup/restore-backup";
import { snapshotDatabaseOf } from "@/server/backup/sources";
import { MIGRATIONS_FOLDER, type OpenDb, openDb } from "@/server/db";
import { pgliteTemplate } from "@/tests/helpers/db";
import { removeScratchInstalls, scratchInstall } from "./helpers";

// What a restore refuses and what it keeps. PGlite folders only: the PostgreSQL path is covered
// by round-trip.test.ts (empty target database, psql in one transaction).
const newKey = () => `${randomBytes(32).toString("base64")}\n`;

afterAll(removeScratchInstalls);

describe.runIf(!process.env.TEST_DATABASE_URL)("restore", () => {
  const source = scratchInstall("restore-source");
  let open: OpenDb;
  let archive = "";
  beforeAll(async () => {
    open = await openDb({ pgliteTemplate: await pgliteTemplate() });
    mkdirSync(path.join(source.runsDir, "run-1"), { recursive: true });
    writeFileSync(path.join(source.runsDir, "run-1/events.jsonl"), "{}\n");
    mkdirSync(path.dirname(source.keyFile), { recursive: true });
    writeFileSync(source.keyFile, newKey(), { mode: 0o600 });
    archive = (
      await createSnapshot({
        database: snapshotDatabaseOf(open.db),
        reason: "manual",
        target: { file: path.join(source.root, "backup.tar.gz") },
        runsDir: source.runsDir,
        env: source.env,
        includeSecretKey: true,
        migrationsFolder: MIGRATIONS_FOLDER,
      })
    ).file;
  });
  afterAll(() => open?.close());

  const restore = (
    target: ReturnType<typeof scratchInstall>,
    extra: Record<string, unknown> = {},
  ) =>
    restoreBackup({
      archive,
      dataDir: target.dataDir,
      runsDir: target.runsDir,
      env: target.env,
      force: false,
      includeRuns: true,
      ...extra,
    });

  it("never replaces a data folder that a live process holds", async () => {
    const target = scratchInstall("restore-held");
    mkdirSync(target.dataDir, { recursive: true });
    // The parent of this test process: alive, and not this process.
    writeFileSync(path.join(target.dataDir, "tunebench.pid"), String(process.ppid));
    await expect(restore(target, { force: true })).rejects.toThrow(
      new RegExp(`in use by process ${process.ppid}`),
    );
    expect(readdirSync(target.dataDir)).toEqual(["tunebench.pid"]);
    expect(existsSync(target.runsDir)).toBe(false);
  });

  it("refuses folders that hold data unless forced, and then moves them and the key aside", async () => {
    const target = scratchInstall("restore-occupied");
    mkdirSync(target.dataDir, { recursive: true });
    writeFileSync(path.join(target.dataDir, "PG_VERSION"), "old\n");
    mkdirSync(target.runsDir, { recursive: true });
    writeFileSync(path.join(target.runsDir, "old-run"), "old\n");
    const otherKey = newKey();
    writeFileSync(target.keyFile, otherKey, { mode: 0o600 });
    await expect(restore(target)).rejects.toThrow(/hold data: pass --force/);
    expect(readFileSync(path.join(target.dataDir, "PG_VERSION"), "utf8")).toBe("old\n");

    const report = await restore(target, { force: true });
    expect(report.movedAside).toHaveLength(2);
    const [dataAside, runsAside] = report.movedAside;
    expect(readFileSync(path.join(dataAside!, "PG_VERSION"), "utf8")).toBe("old\n");
    expect(readdirSync(runsAside!)).toEqual(["old-run"]);
    expect(readFileSync(path.join(target.dataDir, "PG_VERSION"), "utf8")).toMatch(/^\d+\n$/);
    expect(readdirSync(target.runsDir)).toEqual(["run-1"]);
    // The backup's key replaces a different one, which is kept beside it.
    expect(readFileSync(target.keyFile)).toEqual(readFileSync(source.keyFile));
    const keyAside = readdirSync(path.dirname(target.keyFile)).find((n) =>
      n.startsWith("secret-key.before-restore-"),
    );
    expect(readFileSync(path.join(path.dirname(target.keyFile), keyAside!), "utf8")).toBe(otherKey);
    expect(report.notes.join("\n")).toMatch(/previous one is/);
  });

  it("refuses a damaged archive before touching anything", async () => {
    const work = mkdtempSync(path.join(source.root, "damaged-"));
    await tar.x({ file: archive, cwd: work });
    const db = path.join(work, "database/pgdata.tar");
    const bytes = readFileSync(db);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(db, bytes);
    const damaged = path.join(source.root, "damaged.tar.gz");
    await tar.c({ gzip: true, file: damaged, cwd: work }, readdirSync(work));
    const target = scratchInstall("restore-damaged");
    await expect(restore(target, { archive: damaged })).rejects.toThrow(/is damaged \(sha256/);
    expect(existsSync(target.dataDir)).toBe(false);

    writeFileSync(damaged, randomBytes(4096));
    await expect(restore(target, { archive: damaged })).rejects.toThrow(
      /not a readable backup archive/,
    );
  });

  it("refuses an archive with links or paths outside its folder, writing nothing", async () => {
    const work = mkdtempSync(path.join(source.root, "hostile-"));
    await tar.x({ file: archive, cwd: work });
    const entries = ["manifest.json", "database", "runs", "secret-key"];
    const pack = async (name: string, extra: string[]) => {
      const file = path.join(source.root, name);
      await tar.c({ gzip: true, file, cwd: work, preservePaths: true }, [...entries, ...extra]);
      return file;
    };
    writeFileSync(path.join(work, "escaped"), "escaped\n");
    symlinkSync("/etc/passwd", path.join(work, "passwd"));
    const cases: [string, RegExp][] = [
      [await pack("dotdot.tar.gz", ["runs/../escaped"]), /not a readable backup archive.*\.\./],
      [await pack("outside.tar.gz", [`../${path.basename(work)}/escaped`]), /\.\./],
      [await pack("link.tar.gz", ["passwd"]), /holds passwd \(SymbolicLink\)/],
    ];
    for (const [hostile, message] of cases) {
      const target = scratchInstall("restore-hostile");
      await expect(restore(target, { archive: hostile })).rejects.toThrow(message);
      expect(readdirSync(target.root)).toEqual(["data"]);
      expect(readdirSync(path.dirname(target.dataDir))).toEqual([]);
    }
  });

  it("leaves TUNEBENCH_SECRET_KEY's installation alone and says how to decrypt", async () => {
    const target = scratchInstall("restore-env-key");
    const env = { ...target.env, TUNEBENCH_SECRET_KEY: randomBytes(32).toString("hex") };
    const report = await restore(target, { env });
    expect(existsSync(target.keyFile)).toBe(false);
    const kept = readdirSync(path.dirname(target.keyFile)).find((n) => n.includes(".from-backup-"));
    expect(readFileSync(path.join(path.dirname(target.keyFile), kept!))).toEqual(
      readFileSync(source.keyFile),
    );
    expect(report.notes.join("\n")).toMatch(/set TUNEBENCH_SECRET_KEY to its contents/);
  });

  it("will not load an embedded database's backup into PostgreSQL", async () => {
    const target = scratchInstall("restore-kind");
    await expect(
      restore(target, { databaseUrl: "postgres://nobody@127.0.0.1:1/none" }),
    ).rejects.toThrow(/restore it without DATABASE_URL/);
  });
});
