import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projects } from "@/drizzle/schema";
import { findPgTool } from "@/server/backup/postgres-tools";
import { type OpenDb, openDb } from "@/server/db";
import type { BackupOut } from "@/server/schemas/backups";
import { responseValidator } from "@/tests/app/api/v1/openapi-check";
import { apiToken, useApi } from "@/tests/app/api/v1/setup";
import { createEmptyPostgres, createTestDb, pgliteTemplate } from "@/tests/helpers/db";
import { removeScratchInstalls, scratchInstall } from "@/tests/server/backup/helpers";
import { startApiServer } from "./http-server";
import { runCli } from "./run-cli";

const pgUrl = process.env.TEST_DATABASE_URL;

async function slugs(dataDir: string): Promise<string[]> {
  const client = new PGlite(dataDir);
  try {
    return (
      await client.query<{ slug: string }>("SELECT slug FROM projects ORDER BY slug")
    ).rows.map((r) => r.slug);
  } finally {
    await client.close();
  }
}

afterAll(removeScratchInstalls);

describe.runIf(!pgUrl)("tunebench backup / restore on the embedded database", () => {
  const install = scratchInstall("cli-backup");
  const env = { ...install.env, TUNEBENCH_BACKUP_DIR: install.backupDir, DATABASE_URL: undefined };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  let open: OpenDb | null = null;
  let stopApi: () => void;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let admin: string;
  let member: string;
  let archive = "";

  beforeAll(async () => {
    // This process plays the server: it holds the data folder and answers /api/v1.
    for (const [k, v] of Object.entries(env))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    open = await openDb({ dataDir: install.dataDir, pgliteTemplate: await pgliteTemplate() });
    await open.db.insert(projects).values({ slug: "backed-up", name: "Backed up" });
    mkdirSync(path.join(install.runsDir, "run-1"), { recursive: true });
    writeFileSync(path.join(install.runsDir, "run-1/events.jsonl"), "{}\n");
    stopApi = useApi(open.db);
    server = await startApiServer();
    admin = await apiToken(open.db, "admin", ["read", "write"]);
    member = await apiToken(open.db, "member", ["read", "write"]);
  });
  afterAll(async () => {
    await server?.close();
    stopApi?.();
    await open?.close();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  const cli = (args: string[], token = admin) =>
    runCli(args, { ...env, TUNEBENCH_URL: server.url, TUNEBENCH_TOKEN: token });

  it("asks the server that holds the data folder to take the snapshot (admins only)", async () => {
    const refused = await cli(["backup"], member);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/403 FORBIDDEN: This needs the admin role/);

    const res = await cli(["backup", "--json"]);
    expect(res.stderr).toMatch(new RegExp(`in use by process ${process.pid}; asking the server`));
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout) as BackupOut;
    expect(responseValidator()("post", "/backups", 201, body)).toEqual([]);
    expect(body).toMatchObject({ reason: "manual", database: "pglite", runs: true });
    expect(path.dirname(body.file)).toBe(install.backupDir);
    archive = body.file;
  });

  it("will not restore over the folder the server holds", async () => {
    const res = await cli(["restore", archive, "--force"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(new RegExp(`in use by process ${process.pid}`));
    expect(await open!.db.select().from(projects)).not.toHaveLength(0);
  });

  it("backs up and restores offline once the server has stopped", async () => {
    await open!.db.insert(projects).values({ slug: "after-backup", name: "After" });
    stopApi();
    await open!.close();
    open = null;

    const copy = path.join(install.root, "offline.tar.gz");
    const offline = await cli(["backup", "-o", copy, "--no-runs"]);
    expect(offline.stderr).toBe("");
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/runs folder: not included/);

    const listed = await cli(["restore"]);
    expect(listed.stdout).toContain(archive);

    const restored = await cli(["restore", archive, "--force"]);
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/moved aside: .*pglite\.before-restore-/);
    expect(await slugs(install.dataDir)).not.toContain("after-backup");
    expect(await slugs(install.dataDir)).toContain("backed-up");
    expect(readdirSync(install.runsDir)).toEqual(["run-1"]);

    // The offline copy was taken after the second row: restoring it brings that row back.
    const again = await cli(["restore", copy, "--force"]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(await slugs(install.dataDir)).toContain("after-backup");
  });
});

describe.runIf(pgUrl && findPgTool("pg_dump") && findPgTool("psql"))(
  "tunebench backup / restore on PostgreSQL",
  () => {
    it("dumps with pg_dump and restores into an empty database only", async () => {
      const source = await createTestDb();
      const target = await createEmptyPostgres();
      try {
        await source.db.insert(projects).values({ slug: "on-postgres", name: "PG" });
        const install = scratchInstall("cli-backup-pg");
        const file = path.join(install.root, "pg.tar.gz");
        const env = { ...install.env, DATABASE_URL: source.url };
        const dumped = await runCli(["backup", "-o", file], env);
        expect(dumped.code).toBe(0);
        expect(dumped.stdout).toMatch(/PostgreSQL \(pg_dump SQL\)/);

        const into = { ...install.env, DATABASE_URL: target.url };
        expect((await runCli(["restore", file], into)).code).toBe(0);
        const reopened = await openDb({ url: target.url, poolMax: 1 });
        const rows = await reopened.db.select().from(projects);
        await reopened.close();
        expect(rows.map((r) => r.slug)).toContain("on-postgres");

        const twice = await runCli(["restore", file], into);
        expect(twice.code).toBe(2);
        expect(twice.stderr).toMatch(/is not empty .* a restore never overwrites one/);
      } finally {
        await source.close();
        await target.drop();
      }
    });
  },
);
