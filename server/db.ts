// No "server-only" marker: standalone worker processes (tsx) import this file too.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "@/drizzle/schema";
import { getEnv } from "./env";

export type Schema = typeof schema;
/** One type for both drivers; a transaction (`tx`) is assignable to it too. */
export type Db = PgDatabase<DbQueryResultHKT, Schema>;

/** `db.execute` returns `{ rows }` on both drivers (PGlite's Results, node-postgres' QueryResult). */
export interface DbQueryResultHKT extends PgQueryResultHKT {
  type: RowsResult<this["row"]>;
}
type RowsResult<R> = { rows: (R extends Record<string, unknown> ? R : Record<string, unknown>)[] };
export type OpenDb = { db: Db; close(): Promise<void>; kind: "pglite" | "postgres" };

const MIGRATIONS = path.join(process.cwd(), "drizzle/migrations");
// Serialises concurrent migrators (several worker processes starting at once on PostgreSQL).
const MIGRATION_LOCK = 727_001;

/** Opens and migrates a database: PostgreSQL when `url` is given, else PGlite in `dataDir`
 *  (in memory when dataDir is "memory://" or omitted). */
export async function openDb(opts: { url?: string; dataDir?: string; poolMax?: number }): Promise<OpenDb> {
  if (opts.url) return openPostgres(opts.url, opts.poolMax ?? 10);
  return openPglite(opts.dataDir);
}

async function openPglite(dataDir?: string): Promise<OpenDb> {
  const inMemory = !dataDir || dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(inMemory ? undefined : dataDir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema, casing: "snake_case" });
  await migratePglite(db, { migrationsFolder: MIGRATIONS });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

async function openPostgres(url: string, max: number): Promise<OpenDb> {
  const pool = new pg.Pool({ connectionString: url, max });
  const conn = await pool.connect();
  try {
    await conn.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrateNodePg(drizzleNodePg(conn, { schema, casing: "snake_case" }), { migrationsFolder: MIGRATIONS });
  } finally {
    await conn.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    conn.release();
  }
  const db = drizzleNodePg(pool, { schema, casing: "snake_case" });
  return { db: db as unknown as Db, kind: "postgres", close: () => pool.end() };
}

// On globalThis so Next's dev-mode module reloads share one PGlite (it is single-process only).
const holder = globalThis as unknown as { __tunebenchDb?: Promise<OpenDb> };

/** The process's database: DATABASE_URL's PostgreSQL, else PGlite in TUNEBENCH_DATA_DIR. */
export async function getDb(): Promise<Db> {
  return (await getOpenDb()).db;
}

export function getOpenDb(): Promise<OpenDb> {
  if (!holder.__tunebenchDb) {
    const env = getEnv();
    holder.__tunebenchDb = openDb({ url: env.DATABASE_URL, dataDir: path.resolve(env.TUNEBENCH_DATA_DIR) });
    holder.__tunebenchDb.catch(() => (holder.__tunebenchDb = undefined));
  }
  return holder.__tunebenchDb;
}

export async function closeDb(): Promise<void> {
  const open = holder.__tunebenchDb;
  holder.__tunebenchDb = undefined;
  if (open) await (await open).close();
}

/** Runs `fn` in a transaction, or inside the caller's one when `db` already is a transaction. */
export async function withTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}

export { sql };
