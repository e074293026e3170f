import { eq } from "drizzle-orm";
import { isTraining } from "@/core/run-status";
import { runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { projectBackend } from "@/server/services/settings/project-backend";
import type { PolledEvent } from "@/trainers/types";
import { ingestEvents } from "./ingest-events";

const MAX_BATCH = 1000;

/**
 * Consumes a run's events from its stored cursor for up to `sliceMs`, storing them batch by
 * batch. Returns true when there is nothing more to poll (the run reached a final state).
 */
export async function pollRun(
  db: Db,
  runId: string,
  opts: { sliceMs: number; signal?: AbortSignal },
): Promise<boolean> {
  const deadline = Date.now() + opts.sliceMs;
  while (!opts.signal?.aborted) {
    const [run] = await db.select().from(runs).where(eq(runs.id, runId));
    if (!run || !isTraining(run.status)) return true;
    if (!run.externalRef) return true; // never submitted; dispatch owns it
    const ref = run.externalRef;
    const backend = await projectBackend(db, run.projectId, ref.backend);
    const batch: PolledEvent[] = [];
    const waitMs = Math.max(0, Math.min(1000, deadline - Date.now()));
    for await (const e of backend.poll(ref, { waitMs })) {
      batch.push(e);
      if (batch.length >= MAX_BATCH) break;
    }
    if (batch.length) {
      const status = await ingestEvents(db, runId, batch);
      if (!isTraining(status)) return true;
    }
    if (Date.now() >= deadline) return false;
  }
  return false;
}
