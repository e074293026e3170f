import { z } from "zod";
import { SNAPSHOT_REASONS, type SnapshotReason } from "@/server/schemas/backups";

export type { SnapshotReason };

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** manifest.json, the first entry of every backup archive. */
export const BackupManifest = z.object({
  format: z.literal("tunebench-backup"),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  reason: z.enum(SNAPSHOT_REASONS),
  database: z.object({
    // pglite: PGlite's data folder as a tar (dumpDataDir), restorable by the same PostgreSQL major.
    // postgres: pg_dump's plain SQL, restorable with psql into an empty database.
    kind: z.enum(["pglite", "postgres"]),
    file: z.enum(["database/pgdata.tar", "database/dump.sql"]),
    bytes: z.number().int().nonnegative(),
    sha256: Sha256,
    /** The server's version string (PGlite's includes its own version). */
    version: z.string(),
  }),
  /** Migrations applied when the snapshot was taken; a newer server migrates on start. */
  schema: z.object({ migrations: z.number().int().nonnegative(), latest: z.string().nullable() }),
  /** Whether runs/ (the runs folder: specs, events, checkpoints, adapters) is in the archive. */
  runs: z.boolean(),
  secretKey: z.object({
    /** The key's short id (sha256 prefix), to tell on restore whether stored secrets will decrypt. */
    id: z.string().nullable(),
    /** file: data/secret-key, copied in when `included`; env: TUNEBENCH_SECRET_KEY, never copied. */
    source: z.enum(["file", "env", "none"]),
    included: z.boolean(),
  }),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

const NAME = new RegExp(`^tunebench-(${SNAPSHOT_REASONS.join("|")})-(\\d{8}T\\d{9}Z)\\.tar\\.gz$`);

/** tunebench-<reason>-<UTC time to the millisecond>.tar.gz: names sort by time within a reason. */
export function snapshotFileName(reason: SnapshotReason, at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, "");
  return `tunebench-${reason}-${stamp}.tar.gz`;
}

export function parseSnapshotFileName(name: string): { reason: SnapshotReason; at: Date } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const s = m[2]!;
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : { reason: m[1] as SnapshotReason, at };
}
