import type { PGlite } from "@electric-sql/pglite";
import { createSnapshot } from "./create-snapshot";
import { listSnapshots, type SnapshotEntry } from "./rotate";
import type { BackupSettings } from "./settings";

const HOUR = 3_600_000;

/** Milliseconds until the next daily snapshot is due: `intervalHours` after the newest one, now
 *  when there is none (a server that was down for a week takes one soon after it starts). */
export function msUntilNextSnapshot(
  entries: SnapshotEntry[],
  now: Date,
  intervalHours: number,
): number {
  const last = entries.find((e) => e.reason === "daily");
  if (!last) return 0;
  // Clamped: a snapshot named in the future (the clock was wrong) must not postpone the next one.
  const due = last.at.getTime() + intervalHours * HOUR - now.getTime();
  return Math.min(Math.max(0, due), intervalHours * HOUR);
}

export type SnapshotSchedule = { stop(): void };

/**
 * The server's automatic snapshots of its embedded database, every `intervalHours` (rotated, the
 * newest `keep` stay). Timing comes from the snapshots on disk, so restarts neither skip nor
 * repeat one. The first waits `firstDelayMs` so it never competes with the server's start; a
 * failed one is logged and tried again after `retryMs`.
 */
export function startSnapshotSchedule(opts: {
  client: PGlite;
  settings: BackupSettings;
  env: Record<string, string | undefined>;
  migrationsFolder: string;
  firstDelayMs?: number;
  retryMs?: number;
  onSnapshot?: (file: string) => void;
}): SnapshotSchedule {
  const { settings } = opts;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (minDelayMs: number) => {
    if (stopped) return;
    const due = msUntilNextSnapshot(
      listSnapshots(settings.backupDir),
      new Date(),
      settings.intervalHours,
    );
    timer = setTimeout(tick, Math.max(minDelayMs, due));
    timer.unref();
  };
  const tick = async () => {
    try {
      const info = await createSnapshot({
        database: { kind: "pglite", client: opts.client },
        reason: "daily",
        target: { dir: settings.backupDir, keep: settings.keep },
        runsDir: null,
        env: opts.env,
        includeSecretKey: true,
        migrationsFolder: opts.migrationsFolder,
      });
      console.error(`[backup] daily snapshot ${info.file} (${info.bytes} bytes)`);
      opts.onSnapshot?.(info.file);
      schedule(0);
    } catch (e) {
      console.error(`[backup] daily snapshot failed: ${(e as Error).message}`);
      schedule(opts.retryMs ?? HOUR / 4);
    }
  };
  schedule(opts.firstDelayMs ?? 60_000);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
