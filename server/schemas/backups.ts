import { z } from "zod";

/** Why a snapshot was taken; each kind is rotated on its own, so a burst of daily snapshots never
 *  pushes out the one taken before a migration. */
export const SNAPSHOT_REASONS = ["manual", "daily", "pre-migration"] as const;
export const SnapshotReason = z.enum(SNAPSHOT_REASONS);
export type SnapshotReason = z.infer<typeof SnapshotReason>;

export const CreateBackupInput = z.strictObject({
  runs: z
    .boolean()
    .default(true)
    .describe("Include the runs folder (specs, events, checkpoints, adapters)"),
  secretKey: z
    .boolean()
    .default(true)
    .describe(
      "Include data/secret-key, without which the stored secrets cannot be decrypted; the archive must then be kept as private as that file",
    ),
});
export type CreateBackupInput = z.infer<typeof CreateBackupInput>;

export const BackupOut = z.looseObject({
  file: z.string().describe("The archive's absolute path on the server's machine"),
  bytes: z.number().int(),
  createdAt: z.string().meta({ format: "date-time" }),
  reason: SnapshotReason,
  database: z.enum(["pglite", "postgres"]),
  runs: z.boolean(),
  secretKey: z.looseObject({
    id: z.string().nullable(),
    source: z.enum(["file", "env", "none"]),
    included: z.boolean(),
  }),
  removed: z.array(z.string()).describe("Older snapshots of the same kind that rotation deleted"),
});
export type BackupOut = z.infer<typeof BackupOut>;
