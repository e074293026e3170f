import { statSync } from "node:fs";
import path from "node:path";
import { restoreBackup } from "@/server/backup/restore-backup";
import { listSnapshots } from "@/server/backup/rotate";
import { backupSettings } from "@/server/backup/settings";
import { getEnv } from "@/server/env";
import { CliError } from "./api-client";
import { formatBytes, storageEnv } from "./backup-format";
import { guard, parse } from "./common";

const USAGE = `usage: tunebench restore FILE [--force] [--no-runs]
       tunebench restore               (lists the snapshots in the backup folder)

Restores a backup archive from \`tunebench backup\` or an automatic snapshot. Offline only: stop
the server first (a data folder in use is never replaced).
  embedded PGlite        into TUNEBENCH_DATA_DIR (a folder that holds data needs --force)
  PostgreSQL             into DATABASE_URL, which must be an empty database (psql must be installed)
The runs folder and the secret key come back with it when the archive has them.

options:
  --force             move a data folder or runs folder that holds data aside (to
                      <folder>.before-restore-<time>; nothing is deleted) and restore
  --no-runs           leave the runs folder as it is
  --data-dir DIR      PGlite's data folder (default: $TUNEBENCH_DATA_DIR, else ./data/pglite)
  --runs-dir DIR      the runs folder (default: $TUNEBENCH_RUNS_DIR, else ./data/runs)`;

const OPTIONS = {
  force: { type: "boolean" },
  "no-runs": { type: "boolean" },
  "data-dir": { type: "string" },
  "runs-dir": { type: "string" },
} as const;

export function run(argv: string[]): Promise<number> {
  return guard(async () => {
    const { values, positionals } = parse(argv, OPTIONS, USAGE);
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new CliError(`one archive at a time\n\n${USAGE}`);
    const env = storageEnv(values);
    const settings = backupSettings(env);
    const [archive] = positionals;
    if (archive === undefined) return list(settings.backupDir);
    try {
      const report = await restoreBackup({
        archive: path.resolve(archive),
        dataDir: settings.dataDir,
        runsDir: settings.runsDir,
        databaseUrl: getEnv(env).DATABASE_URL,
        env,
        force: !!values.force,
        includeRuns: !values["no-runs"],
      });
      const m = report.manifest;
      const lines = [
        `restored ${archive}: ${m.reason} snapshot of ${m.createdAt}, schema ${m.schema.latest ?? "(none)"}`,
        `  database:    ${report.database}`,
        `  runs folder: ${report.runs ?? "unchanged"}`,
        ...report.movedAside.map((f) => `  moved aside: ${f}`),
        ...report.notes.map((n) => `  note: ${n}`),
        "Start the server: it migrates an older schema forward, taking a snapshot first.",
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
      return 0;
    } catch (e) {
      // Every failure here is one the person can act on (space, permissions, a tool missing).
      if (e instanceof CliError) throw e;
      throw new CliError(e instanceof Error ? e.message : String(e));
    }
  });
}

function list(dir: string): number {
  const snapshots = listSnapshots(dir);
  if (!snapshots.length) {
    process.stdout.write(`No snapshots in ${dir}. Restore one: tunebench restore FILE\n`);
    return 0;
  }
  const rows = snapshots.map(
    (s) =>
      `  ${s.at.toISOString()}  ${s.reason.padEnd(13)}  ${formatBytes(statSync(s.file).size).padStart(9)}  ${s.file}`,
  );
  process.stdout.write(`Snapshots in ${dir}, newest first:\n${rows.join("\n")}\n`);
  process.stdout.write("Restore one: tunebench restore FILE (stop the server first)\n");
  return 0;
}
