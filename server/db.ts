// No "server-only" marker: standalone worker processes (tsx) import this file too.
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
import { snapshotBeforeMigrating } from "./backup/pre-migration";
import { lockDataDir } from "./data-dir-lock";
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

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle/migrations");
// Serialises concurrent migrators (several worker processes starting at once on PostgreSQL).
const MIGRATION_LOCK = 727_001;

/** Opens and migrates a database: PostgreSQL when `url` is given, else PGlite in `dataDir`
 *  (in memory when dataDir is "memory://" or omitted). */
export async function openDb(opts: {
  url?: string;
  dataDir?: string;
  poolMax?: number;
  /** PGlite only: start from this dump (`dumpDataDir()`) instead of an empty cluster (tests). */
  pgliteTemplate?: Blob;
  /** Tests only: migrate to this folder's migrations instead of the project's. */
  migrationsFolder?: string;
}): Promise<OpenDb> {
  const migrations = opts.migrationsFolder ?? MIGRATIONS_FOLDER;
  if (opts.url) return openPostgres(opts.url, opts.poolMax ?? 10, migrations);
  return openPglite(migrations, opts.dataDir, opts.pgliteTemplate);
}

async function openPglite(migrations: string, dataDir?: string, template?: Blob): Promise<OpenDb> {
  const inMemory = !dataDir || dataDir.startsWith("memory://");
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  try {
    const client = new PGlite(
      inMemory ? undefined : dataDir,
      template ? { loadDataDir: template } : {},
    );
    await client.waitReady;
    if (!inMemory) await snapshotBeforeMigrating(client, dataDir, migrations);
    const db = drizzlePglite(client, { schema, casing: "snake_case" });
    await migratePglite(db, { migrationsFolder: migrations });
    const close = async () => {
      await client.close();
      unlock();
    };
    return { db: db as unknown as Db, kind: "pglite", close };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openPostgres(url: string, max: number, migrations: string): Promise<OpenDb> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client whose server connection drops (restart, failover) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on("error", (e) => console.error(`[db] idle PostgreSQL connection lost: ${e.message}`));
  const conn = await pool.connect();
  try {
    await conn.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrateNodePg(drizzleNodePg(conn, { schema, casing: "snake_case" }), {
      migrationsFolder: migrations,
    });
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

let requestDbOverride: Db | null = null;
/** Tests point every route handler (REST, tRPC, hooks, sign-in) at their own database. */
export function setRequestDb(db: Db | null): void {
  requestDbOverride = db;
}
/** The database a route handler serves a request from: the process's, unless a test set one. */
export async function requestDb(): Promise<Db> {
  return requestDbOverride ?? getDb();
}

export function getOpenDb(): Promise<OpenDb> {
  if (!holder.__tunebenchDb) {
    const env = getEnv();
    holder.__tunebenchDb = openDb({
      url: env.DATABASE_URL,
      dataDir: path.resolve(env.TUNEBENCH_DATA_DIR),
    });
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
