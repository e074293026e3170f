import { existsSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { lockDataDir } from "@/server/data-dir-lock";
import type { Db } from "@/server/db";
import { BackupError } from "./backup-error";
import type { SnapshotDatabase } from "./create-snapshot";

/** The database behind a drizzle client: its PGlite client, or its pool's PostgreSQL URL. */
export function snapshotDatabaseOf(db: Db): SnapshotDatabase {
  const client = (db as unknown as { $client: PGlite | pg.Pool }).$client;
  if (client instanceof PGlite) return { kind: "pglite", client };
  const url = client.options?.connectionString;
  if (!url) throw new BackupError("The PostgreSQL pool has no connection URL to give pg_dump.");
  return { kind: "postgres", url };
}

/** Opens a PGlite data folder no process holds (as is, without migrating it), for `fn` alone. */
export async function withPgliteFolder<T>(
  dataDir: string,
  fn: (client: PGlite) => Promise<T>,
): Promise<T> {
  if (!existsSync(path.join(dataDir, "PG_VERSION")))
    throw new BackupError(
      `No embedded database in ${dataDir} (set TUNEBENCH_DATA_DIR or --data-dir, or DATABASE_URL for PostgreSQL).`,
    );
  const unlock = lockDataDir(dataDir);
  try {
    const client = new PGlite(dataDir);
    try {
      await client.waitReady;
      return await fn(client);
    } finally {
      await client.close();
    }
  } finally {
    unlock();
  }
}
