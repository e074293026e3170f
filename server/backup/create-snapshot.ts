import { createHash } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import * as tar from "tar";
import { currentSecretKey } from "@/server/crypto/key";
import type { BackupOut } from "@/server/schemas/backups";
import { fsyncPath, renameDurable } from "./durable-fs";
import { BackupManifest, type SnapshotReason, snapshotFileName } from "./manifest";
import { dumpPglite, pgliteVersion } from "./pglite-dump";
import { pgDumpTo } from "./postgres-tools";
import { rotateSnapshots } from "./rotate";
import { type RawQuery, readSchemaState, type SchemaState } from "./schema-state";
import { stageTree } from "./stage-tree";

/** The database a snapshot copies: a live PGlite client, or a PostgreSQL URL for pg_dump. */
export type SnapshotDatabase =
  | { kind: "pglite"; client: PGlite }
  | { kind: "postgres"; url: string };

export type SnapshotOptions = {
  database: SnapshotDatabase;
  reason: SnapshotReason;
  /** A file to write, or a folder where the archive is named by reason and time and rotated. */
  target: { file: string } | { dir: string; keep: number };
  /** The runs folder to include; null leaves it out (automatic snapshots: the database only). */
  runsDir: string | null;
  /** The environment that locates the secret key (TUNEBENCH_DATA_DIR, TUNEBENCH_SECRET_KEY). */
  env: Record<string, string | undefined>;
  includeSecretKey: boolean;
  migrationsFolder: string;
};

export type SnapshotInfo = {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  /** Older snapshots rotation deleted. */
  removed: string[];
};

/** What the API and the CLI report about a snapshot. */
export function snapshotSummary(info: SnapshotInfo): BackupOut {
  const { manifest } = info;
  return {
    file: info.file,
    bytes: info.bytes,
    createdAt: manifest.createdAt,
    reason: manifest.reason,
    database: manifest.database.kind,
    runs: manifest.runs,
    secretKey: manifest.secretKey,
    removed: info.removed,
  };
}

// One snapshot at a time per process: each holds the whole database dump in memory, and two in
// the same millisecond would share a name.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Writes a backup archive (.tar.gz): manifest.json, the database (PGlite's folder as a tar, or
 * pg_dump SQL), the runs folder and the secret key. The database is copied first and the runs
 * folder after it, so every file the copied database refers to is in the archive (trainers rename
 * checkpoints and adapters into place before reporting them). The archive appears whole or not at
 * all: packed into a temporary file, synced, renamed.
 */
export function createSnapshot(opts: SnapshotOptions): Promise<SnapshotInfo> {
  const next = queue.then(() => writeSnapshot(opts));
  queue = next.catch(() => {});
  return next;
}

async function writeSnapshot(opts: SnapshotOptions): Promise<SnapshotInfo> {
  const outDir = "file" in opts.target ? path.dirname(opts.target.file) : opts.target.dir;
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  let at = new Date();
  const staging = path.join(outDir, `.tunebench-staging-${process.pid}-${at.getTime()}`);
  try {
    mkdirSync(path.join(staging, "database"), { recursive: true });
    const { entry, schema } = await dumpDatabase(opts.database, staging, opts.migrationsFolder);
    const runs = opts.runsDir !== null && existsSync(opts.runsDir);
    if (runs) stageTree(opts.runsDir!, path.join(staging, "runs"));
    const key = currentSecretKey(opts.env);
    const keyIncluded = opts.includeSecretKey && !!key?.file;
    if (keyIncluded)
      writeFileSync(path.join(staging, "secret-key"), readFileSync(key!.file!), { mode: 0o600 });
    const manifest = BackupManifest.parse({
      format: "tunebench-backup",
      version: 1,
      createdAt: at.toISOString(),
      reason: opts.reason,
      database: entry,
      schema: { migrations: schema.migrations, latest: schema.latest },
      runs,
      secretKey: {
        id: key?.id ?? null,
        source: key ? (key.file ? "file" : "env") : "none",
        included: keyIncluded,
      },
    });
    writeFileSync(path.join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    let file: string;
    if ("file" in opts.target) file = path.resolve(opts.target.file);
    else {
      file = path.join(outDir, snapshotFileName(opts.reason, at));
      while (existsSync(file)) {
        at = new Date(at.getTime() + 1);
        file = path.join(outDir, snapshotFileName(opts.reason, at));
      }
    }
    const entries = ["manifest.json", "database", ...(runs ? ["runs"] : [])];
    await packArchive(staging, [...entries, ...(keyIncluded ? ["secret-key"] : [])], file);
    const removed = "keep" in opts.target ? rotateSnapshots(outDir, opts.target.keep) : [];
    return { file, bytes: statSync(file).size, manifest, removed };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Dumps the database into staging/database/ and reads its migration state alongside. */
async function dumpDatabase(database: SnapshotDatabase, staging: string, migrationsFolder: string) {
  if (database.kind === "pglite") {
    const client = database.client;
    const query: RawQuery = async (text) => (await client.query(text)).rows as never;
    const schema = await readSchemaState(query, migrationsFolder);
    const version = await pgliteVersion(client);
    const bytes = await dumpPglite(client);
    const file = "database/pgdata.tar" as const;
    writeFileSync(path.join(staging, file), bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    return { entry: { kind: "pglite", file, bytes: bytes.length, sha256, version }, schema };
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  let schema: SchemaState;
  let version: string;
  try {
    const query: RawQuery = async (text) => (await client.query(text)).rows;
    schema = await readSchemaState(query, migrationsFolder);
    version = String((await query("SELECT version()"))[0]?.version);
  } finally {
    await client.end();
  }
  const file = "database/dump.sql" as const;
  const full = path.join(staging, file);
  await pgDumpTo(database.url, full);
  const entry = {
    kind: "postgres",
    file,
    bytes: statSync(full).size,
    sha256: await sha256File(full),
    version,
  };
  return { entry, schema };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

/** tar + gzip into `file` through a temporary file beside it (mode 0600: it may hold the key).
 *  Only the archive is synced: the staging folder is deleted either way. */
async function packArchive(staging: string, entries: string[], file: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    // gzip level 1: PGlite's pages still shrink about 7x, and adapters barely compress at any level.
    const packed = tar.c({ gzip: { level: 1 }, cwd: staging, portable: true }, entries);
    await pipeline(packed, createWriteStream(tmp, { mode: 0o600 }));
    fsyncPath(tmp);
    renameDurable(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}
