import { keyFile } from "@/server/crypto/key";
import type { BackupOut } from "@/server/schemas/backups";

/** The environment with --data-dir and --runs-dir applied, as the server would read it. */
export function storageEnv(values: {
  "data-dir"?: string;
  "runs-dir"?: string;
}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (values["data-dir"]) env.TUNEBENCH_DATA_DIR = values["data-dir"];
  if (values["runs-dir"]) env.TUNEBENCH_RUNS_DIR = values["runs-dir"];
  return env;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** What a person must know about a backup they just took, above all where the secret key is. */
export function describeBackup(b: BackupOut, env: Record<string, string | undefined>): string {
  const key = b.secretKey;
  const keyLine = key.included
    ? `included (key ${key.id}): keep this archive as private as the key file itself`
    : key.source === "env"
      ? `from TUNEBENCH_SECRET_KEY (key ${key.id}), not in the archive: keep that value with the backup`
      : key.source === "file"
        ? `left out: keep ${keyFile(env)} (key ${key.id}) with the backup, or the stored secrets cannot be decrypted after a restore`
        : "none yet (no secrets stored)";
  const lines = [
    `backup ${b.file} (${formatBytes(b.bytes)})`,
    `  database:    ${b.database === "pglite" ? "embedded PGlite (data folder)" : "PostgreSQL (pg_dump SQL)"}`,
    `  runs folder: ${b.runs ? "included" : "not included"}`,
    `  secret key:  ${keyLine}`,
    ...b.removed.map((f) => `  rotated out: ${f}`),
  ];
  return `${lines.join("\n")}\n`;
}
