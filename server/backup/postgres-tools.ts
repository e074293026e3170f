import { spawn } from "node:child_process";
import { accessSync, constants, readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { BackupError } from "./backup-error";

type PgTool = "pg_dump" | "psql";

/** pg_dump or psql: the first on PATH, else the newest of Debian's /usr/lib/postgresql/<major>/bin
 *  (a newer pg_dump reads older servers; an older one refuses a newer server). */
export function findPgTool(
  tool: PgTool,
  env: Record<string, string | undefined> = process.env,
): string | null {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  let majors: string[] = [];
  try {
    majors = readdirSync("/usr/lib/postgresql").filter((d) => /^\d+$/.test(d));
  } catch {}
  majors.sort((a, b) => Number(b) - Number(a));
  dirs.push(...majors.map((m) => `/usr/lib/postgresql/${m}/bin`));
  for (const dir of dirs) {
    const file = path.join(dir, tool);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return null;
}

function requireTool(tool: PgTool): string {
  const file = findPgTool(tool);
  if (!file)
    throw new BackupError(
      `${tool} is not installed (not on PATH, nor in /usr/lib/postgresql/*/bin). Install PostgreSQL's ` +
        `client tools (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq), ` +
        `in a version at least the server's, or back up with your own ${tool} (docs/cli.md#backups).`,
    );
  return file;
}

/** The password travels in PGPASSWORD, not on the command line, where `ps` would show it. */
function connection(url: string): { dbname: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

function runTool(tool: PgTool, args: string[], url: string): Promise<void> {
  const file = requireTool(tool);
  const { dbname, env } = connection(url);
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args, `--dbname=${dbname}`], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    child.on("error", (e) => reject(new BackupError(`${tool} could not start: ${e.message}`)));
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new BackupError(`${tool} failed (exit ${code}): ${stderr.trim().slice(-2000)}`)),
    );
  });
}

/** pg_dump's plain SQL of the whole database: one consistent (repeatable-read) snapshot, without
 *  owners or grants so it loads into any database the restoring role owns. */
export function pgDumpTo(url: string, file: string): Promise<void> {
  return runTool(
    "pg_dump",
    ["--format=plain", "--no-owner", "--no-privileges", `--file=${file}`],
    url,
  );
}

/** Loads pg_dump SQL with psql in one transaction: all of it or, on the first error, nothing. */
export function psqlLoad(url: string, file: string): Promise<void> {
  return runTool(
    "psql",
    ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", file],
    url,
  );
}

/** Restoring merges nothing: the target database must hold no tables, sequences or views. */
export async function assertEmptyDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
         AND s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg_toast%'`,
    );
    const n = rows[0]?.n ?? 0;
    if (n > 0) {
      const db = new URL(url).pathname.slice(1);
      throw new BackupError(
        `The database ${JSON.stringify(db)} is not empty (${n} tables, views or sequences); a restore ` +
          `never overwrites one. Create an empty database (createdb …) and point DATABASE_URL at it.`,
      );
    }
  } finally {
    await client.end();
  }
}
