import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPgTool } from "@/server/backup/postgres-tools";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { responseValidator } from "./openapi-check";
import { api, apiToken, useApi } from "./setup";

const ENV = ["TUNEBENCH_BACKUP_DIR", "TUNEBENCH_RUNS_DIR", "TUNEBENCH_DATA_DIR"] as const;

describe("POST /api/v1/backups", () => {
  let t: TestDb;
  let restore: () => void;
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  const root = mkdtempSync(path.join(tmpdir(), "tb-api-backups-"));
  beforeAll(async () => {
    t = await createTestDb();
    restore = useApi(t.db);
    process.env.TUNEBENCH_BACKUP_DIR = path.join(root, "backups");
    process.env.TUNEBENCH_RUNS_DIR = path.join(root, "runs");
    process.env.TUNEBENCH_DATA_DIR = path.join(root, "pglite");
  });
  afterAll(async () => {
    restore?.();
    await t?.close();
    rmSync(root, { recursive: true, force: true });
    for (const k of ENV)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  });

  it("is for admins with a write token, and refuses fields it does not know", async () => {
    // A reviewer's token does not authenticate at all (401); the others are refused (403).
    for (const [role, scopes, status] of [
      ["member", ["read", "write"], 403],
      ["reviewer", ["read", "write"], 401],
      ["admin", ["read"], 403],
    ] as const) {
      const res = await api("POST", "/backups", { token: await apiToken(t.db, role, [...scopes]) });
      expect(res.status, `${role} ${scopes.join("+")}`).toBe(status);
    }
    const admin = await apiToken(t.db, "admin", ["read", "write"]);
    for (const body of [{ runs: "yes" }, { everything: true }, []]) {
      const res = await api<{ error: { issues: { path: string }[] } }>("POST", "/backups", {
        token: admin,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(existsSync(process.env.TUNEBENCH_BACKUP_DIR!)).toBe(false);
  });

  it.runIf(!process.env.TEST_DATABASE_URL || findPgTool("pg_dump"))(
    "writes a snapshot into the server's backup folder and says where",
    async () => {
      const admin = await apiToken(t.db, "admin", ["read", "write"]);
      const res = await api<{ file: string }>("POST", "/backups", {
        token: admin,
        body: { runs: false },
      });
      expect(res.status).toBe(201);
      expect(responseValidator()("post", "/backups", 201, res.body)).toEqual([]);
      expect(path.dirname(res.body.file)).toBe(process.env.TUNEBENCH_BACKUP_DIR);
      expect(existsSync(res.body.file)).toBe(true);
      expect(res.body).toMatchObject({ reason: "manual", runs: false, database: t.kind });
    },
  );
});
