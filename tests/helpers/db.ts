import { randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type Db, openDb } from "@/server/db";

export type TestDb = { db: Db; kind: "pglite" | "postgres"; url?: string; close(): Promise<void> };

/** A fresh, migrated, empty database: in-memory PGlite, or, when TEST_DATABASE_URL is set, a new
 *  database on that PostgreSQL server, dropped on close. The suite runs once each way. */
export async function createTestDb(): Promise<TestDb> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const { db, close } = await openDb({ pgliteTemplate: await pgliteTemplate() });
    return { db, kind: "pglite", close };
  }
  const name = `tunebench_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  const { db, close } = await openDb({ url });
  return {
    db,
    kind: "postgres",
    url,
    async close() {
      await close();
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

// Starting PGlite from a dump of a migrated cluster skips initdb and the migrations (about 2x faster).
let template: Promise<Blob> | undefined;
export function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const { db, close } = await openDb({});
    const client = (db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir("none");
    await close();
    return dump;
  })();
  return template;
}

/** A new, empty database (no migrations) on TEST_DATABASE_URL's server, dropped on `drop()`. */
export async function createEmptyPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `tunebench_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
