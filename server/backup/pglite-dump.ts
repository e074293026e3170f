import type { PGlite } from "@electric-sql/pglite";

/**
 * A consistent copy of a live PGlite cluster, taken inside the process that owns it (PGlite serves
 * one process, so nobody else can). PGlite runs every statement, and every drizzle transaction
 * from BEGIN to COMMIT, under its transaction mutex; dumping under that mutex therefore lands
 * between transactions, never inside one. Every commit before it has its WAL written into the
 * folder (PostgreSQL writes WAL at commit; PGlite only skips the fsync), so the copy holds exactly
 * the transactions committed before the dump began: loading it replays the WAL like a restart
 * after kill -9 does. The CHECKPOINT first only shortens that replay.
 */
export async function dumpPglite(client: PGlite): Promise<Uint8Array> {
  await client.exec("CHECKPOINT");
  const tar = await client._runExclusiveTransaction(() => client.dumpDataDir("none"));
  return new Uint8Array(await tar.arrayBuffer());
}

/** The server's version string, PGlite's own version included. */
export async function pgliteVersion(client: PGlite): Promise<string> {
  const { rows } = await client.query<{ version: string }>("SELECT version()");
  return rows[0]?.version ?? "unknown";
}
