import { readFileSync } from "node:fs";
import path from "node:path";

/** One SQL statement's rows, from either driver's raw client. */
export type RawQuery = (text: string) => Promise<Record<string, unknown>[]>;

export type SchemaState = { migrations: number; latest: string | null; pending: string[] };

/** drizzle-kit's journal: each migration's tag and the `when` drizzle records as `created_at`. */
function readJournal(migrationsFolder: string): { tag: string; when: number }[] {
  const file = path.join(migrationsFolder, "meta/_journal.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { entries: { tag: string; when: number }[] })
    .entries;
}

/** Which migrations the database has and which the migrator would apply, by drizzle's own rule
 *  (every journal entry newer than the newest applied `created_at`). A database without drizzle's
 *  table is a fresh one: nothing in it to protect, so nothing counts as pending. */
export async function readSchemaState(
  query: RawQuery,
  migrationsFolder: string,
): Promise<SchemaState> {
  const [exists] = await query(
    "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present",
  );
  if (!exists?.present) return { migrations: 0, latest: null, pending: [] };
  const [row] = await query(
    "SELECT count(*)::int AS n, max(created_at)::text AS last FROM drizzle.__drizzle_migrations",
  );
  const last = row?.last == null ? null : Number(row.last);
  const journal = readJournal(migrationsFolder);
  return {
    migrations: Number(row?.n ?? 0),
    latest: journal.find((e) => e.when === last)?.tag ?? null,
    pending: journal.filter((e) => last === null || e.when > last).map((e) => e.tag),
  };
}
