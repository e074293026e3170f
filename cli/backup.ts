import { copyFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import {
  createSnapshot,
  type SnapshotDatabase,
  snapshotSummary,
} from "@/server/backup/create-snapshot";
import { fsyncPath, renameDurable } from "@/server/backup/durable-fs";
import { backupSettings } from "@/server/backup/settings";
import { withPgliteFolder } from "@/server/backup/sources";
import { dataDirHolder } from "@/server/data-dir-lock";
import { MIGRATIONS_FOLDER } from "@/server/db";
import { getEnv } from "@/server/env";
import type { BackupOut } from "@/server/schemas/backups";
import { CliError } from "./api-client";
import { describeBackup, storageEnv } from "./backup-format";
import { CONNECTION_HELP, clientFrom, guard, parse } from "./common";

const USAGE = `usage: tunebench backup [-o FILE] [--no-runs] [--no-secret-key] [--json]

Writes a consistent snapshot of the database, the runs folder and the secret key as one .tar.gz.
  embedded PGlite, folder not in use   opens TUNEBENCH_DATA_DIR itself (no server needed)
  embedded PGlite, server running      asks the server, which holds the folder, to take it
  PostgreSQL (DATABASE_URL)            runs pg_dump (plain SQL; pg_dump must be installed)

options:
  -o, --output FILE   write the archive here (default: the backup folder, TUNEBENCH_BACKUP_DIR or
                      data/backups, where the newest TUNEBENCH_BACKUP_KEEP manual ones are kept)
  --no-runs           leave the runs folder out
  --no-secret-key     leave data/secret-key out (keep it safe yourself: secrets need it to decrypt)
  --data-dir DIR      PGlite's data folder (default: $TUNEBENCH_DATA_DIR, else ./data/pglite)
  --runs-dir DIR      the runs folder (default: $TUNEBENCH_RUNS_DIR, else ./data/runs)
  --json              print the result as JSON
${CONNECTION_HELP}  (used only when a running server holds the data folder: an admin token)`;

const OPTIONS = {
  output: { type: "string", short: "o" },
  "no-runs": { type: "boolean" },
  "no-secret-key": { type: "boolean" },
  "data-dir": { type: "string" },
  "runs-dir": { type: "string" },
  json: { type: "boolean" },
} as const;

export function run(argv: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(argv, OPTIONS, USAGE);
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length) throw new CliError(`unexpected argument ${positionals[0]}\n\n${USAGE}`);
    const env = storageEnv(values);
    const settings = backupSettings(env);
    const output = values.output ? path.resolve(values.output) : undefined;
    const input = { runs: !values["no-runs"], secretKey: !values["no-secret-key"] };
    const url = getEnv(env).DATABASE_URL;
    const holder = url ? null : dataDirHolder(settings.dataDir);
    let result: BackupOut;
    try {
      if (holder) result = await viaServer(values, input, holder, output);
      else {
        const snapshot = (database: SnapshotDatabase) =>
          createSnapshot({
            database,
            reason: "manual",
            target: output ? { file: output } : { dir: settings.backupDir, keep: settings.keep },
            runsDir: input.runs ? settings.runsDir : null,
            env,
            includeSecretKey: input.secretKey,
            migrationsFolder: MIGRATIONS_FOLDER,
          });
        const info = url
          ? await snapshot({ kind: "postgres", url })
          : await withPgliteFolder(settings.dataDir, (client) =>
              snapshot({ kind: "pglite", client }),
            );
        result = snapshotSummary(info);
      }
    } catch (e) {
      // Every failure here is one the person can act on (space, permissions, a tool missing).
      if (e instanceof CliError) throw e;
      throw new CliError(e instanceof Error ? e.message : String(e));
    }
    process.stdout.write(
      values.json ? `${JSON.stringify(result, null, 2)}\n` : describeBackup(result, env),
    );
    return 0;
  });
}

/** PGlite serves one process: while the server holds the folder, only it can copy it. */
async function viaServer(
  values: { url?: string; token?: string },
  input: { runs: boolean; secretKey: boolean },
  holder: number,
  output: string | undefined,
): Promise<BackupOut> {
  const client = clientFrom(values);
  process.stderr.write(
    `The data folder is in use by process ${holder}; asking the server at ${client.base} to take the snapshot.\n`,
  );
  const result = await client.json<BackupOut>("POST", "/backups", input);
  if (!output) return result;
  if (!existsSync(result.file))
    throw new CliError(
      `The server wrote ${result.file}, which is not on this machine; copy it from there.`,
    );
  const tmp = `${output}.tmp-${process.pid}`;
  try {
    copyFileSync(result.file, tmp);
    fsyncPath(tmp);
    renameDurable(tmp, output);
  } finally {
    rmSync(tmp, { force: true });
  }
  return { ...result, file: output };
}
