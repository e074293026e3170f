import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSnapshot } from "@/server/backup/create-snapshot";
import { parseSnapshotFileName, snapshotFileName } from "@/server/backup/manifest";
import { listSnapshots, rotateSnapshots, snapshotsBeyond } from "@/server/backup/rotate";
import { msUntilNextSnapshot, startSnapshotSchedule } from "@/server/backup/schedule";
import { backupSettings } from "@/server/backup/settings";
import { snapshotDatabaseOf } from "@/server/backup/sources";
import { MIGRATIONS_FOLDER, type OpenDb, openDb } from "@/server/db";
import type { SnapshotReason } from "@/server/schemas/backups";
import { pgliteTemplate } from "@/tests/helpers/db";
import { removeScratchInstalls, scratchInstall } from "./helpers";

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const entry = (reason: SnapshotReason, iso: string) => {
  const name = snapshotFileName(reason, at(iso));
  return { file: `/b/${name}`, name, reason, at: at(iso) };
};

afterAll(removeScratchInstalls);

describe("snapshot names and the rotation policy", () => {
  it("names snapshots by reason and time, to the millisecond, and reads the names back", () => {
    const name = snapshotFileName("pre-migration", at("2026-03-04T05:06:07.089Z"));
    expect(name).toBe("tunebench-pre-migration-20260304T050607089Z.tar.gz");
    expect(parseSnapshotFileName(name)).toEqual({
      reason: "pre-migration",
      at: at("2026-03-04T05:06:07.089Z"),
    });
    for (const other of [
      "tunebench-weekly-20260304T050607089Z.tar.gz",
      "notes.txt",
      `${name}.tmp-1`,
    ])
      expect(parseSnapshotFileName(other)).toBeNull();
  });

  it("keeps the newest `keep` of each reason, so daily ones never push out a pre-migration one", () => {
    const entries = [
      entry("daily", "2026-01-05T00:00:00Z"),
      entry("daily", "2026-01-04T00:00:00Z"),
      entry("daily", "2026-01-03T00:00:00Z"),
      entry("daily", "2026-01-02T00:00:00Z"),
      entry("pre-migration", "2025-06-01T00:00:00Z"),
      entry("manual", "2026-01-01T00:00:00Z"),
      entry("manual", "2025-12-01T00:00:00Z"),
      entry("manual", "2025-11-01T00:00:00Z"),
    ];
    const removed = snapshotsBeyond(entries, 2).map((e) => `${e.reason} ${e.at.toISOString()}`);
    expect(removed.sort()).toEqual([
      "daily 2026-01-02T00:00:00.000Z",
      "daily 2026-01-03T00:00:00.000Z",
      "manual 2025-11-01T00:00:00.000Z",
    ]);
  });

  it("takes the next daily snapshot an interval after the newest daily one", () => {
    const now = at("2026-01-10T12:00:00Z");
    expect(msUntilNextSnapshot([], now, 24)).toBe(0);
    const manualOnly = [entry("manual", "2026-01-10T11:00:00Z")];
    expect(msUntilNextSnapshot(manualOnly, now, 24)).toBe(0);
    const daily = [entry("daily", "2026-01-10T11:00:00Z"), entry("daily", "2026-01-01T00:00:00Z")];
    expect(msUntilNextSnapshot(daily, now, 24)).toBe(23 * HOUR);
    expect(msUntilNextSnapshot([entry("daily", "2026-01-08T00:00:00Z")], now, 24)).toBe(0);
    // A snapshot named in the future (a wrong clock) waits at most one interval.
    expect(msUntilNextSnapshot([entry("daily", "2027-01-01T00:00:00Z")], now, 24)).toBe(24 * HOUR);
  });

  it("deletes old snapshots and dead writers' leftovers, and nothing else", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tb-rotate-"));
    for (const reason of ["manual", "daily", "pre-migration"] as const)
      for (let day = 1; day <= 4; day++)
        writeFileSync(
          path.join(dir, snapshotFileName(reason, at(`2026-01-0${day}T00:00:00Z`))),
          "x",
        );
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    mkdirSync(path.join(dir, `.tunebench-staging-${dead}-1`));
    writeFileSync(path.join(dir, `tunebench-daily-20260105T000000000Z.tar.gz.tmp-${dead}`), "x");
    mkdirSync(path.join(dir, `.tunebench-staging-${process.pid}-1`));

    const removed = rotateSnapshots(dir, 2);
    expect(removed).toHaveLength(3 * 2 + 2);
    const left = readdirSync(dir).sort();
    expect(left).toEqual(
      [
        "notes.txt",
        `.tunebench-staging-${process.pid}-1`,
        ...["manual", "daily", "pre-migration"].flatMap((r) => [
          `tunebench-${r}-20260103T000000000Z.tar.gz`,
          `tunebench-${r}-20260104T000000000Z.tar.gz`,
        ]),
      ].sort(),
    );
  });
});

describe.runIf(!process.env.TEST_DATABASE_URL)("rotating real snapshots", () => {
  const install = scratchInstall("rotation");
  let open: OpenDb;
  beforeAll(async () => {
    open = await openDb({ pgliteTemplate: await pgliteTemplate() });
  });
  afterAll(() => open?.close());

  it("keeps TUNEBENCH_BACKUP_KEEP snapshots of a kind", async () => {
    const keep = backupSettings({ ...install.env, TUNEBENCH_BACKUP_KEEP: "2" }).keep;
    const files: string[] = [];
    const removed: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const info = await createSnapshot({
        database: snapshotDatabaseOf(open.db),
        reason: "manual",
        target: { dir: install.backupDir, keep },
        runsDir: null,
        env: install.env,
        includeSecretKey: true,
        migrationsFolder: MIGRATIONS_FOLDER,
      });
      files.push(info.file);
      removed.push(info.removed);
    }
    expect(removed).toEqual([[], [], [files[0]]]);
    expect(listSnapshots(install.backupDir).map((s) => s.file)).toEqual([files[2], files[1]]);
    expect(readdirSync(install.backupDir)).toHaveLength(2);
  });

  it("takes the server's daily snapshot when none is recent", async () => {
    const dir = path.join(install.root, "daily");
    const database = snapshotDatabaseOf(open.db);
    if (database.kind !== "pglite") throw new Error("expected PGlite");
    const taken = await new Promise<string>((resolve) => {
      const schedule = startSnapshotSchedule({
        client: database.client,
        settings: { ...backupSettings(install.env), backupDir: dir },
        env: install.env,
        migrationsFolder: MIGRATIONS_FOLDER,
        firstDelayMs: 0,
        onSnapshot: (file) => {
          schedule.stop();
          resolve(file);
        },
      });
    });
    expect(existsSync(taken)).toBe(true);
    expect(listSnapshots(dir).map((s) => s.reason)).toEqual(["daily"]);
  });
});
