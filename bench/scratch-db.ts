import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type OpenDb, openDb } from "@/server/db";

/** `--name N` from the command line as a number, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export type ScratchDb = OpenDb & {
  label: string;
  /** PostgreSQL: the scratch database's URL. */
  url?: string;
  /** PGlite: the data folder (to hand to a server once this process has closed it). */
  dataDir?: string;
  cleanup(): Promise<void>;
};

/**
 * A fresh database for one benchmark run: a PGlite data folder in a temporary directory, or, with
 * BENCH_DATABASE_URL, a new database on that PostgreSQL server. `cleanup` removes either.
 */
export async function openScratchDb(
  prefix: string,
  opts: { poolMax?: number } = {},
): Promise<ScratchDb> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(tmpdir(), `${prefix.replaceAll("_", "-")}-`));
    const dataDir = path.join(dir, "pglite");
    const db = await openDb({ dataDir });
    return {
      ...db,
      label: "PGlite (data folder)",
      dataDir,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `${prefix}_${Date.now()}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDb({
    url: u.toString(),
    ...(opts.poolMax ? { poolMax: opts.poolMax } : {}),
  });
  return {
    ...db,
    label: "PostgreSQL",
    url: u.toString(),
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
