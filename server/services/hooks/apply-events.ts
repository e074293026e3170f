import { eq } from "drizzle-orm";
import type { RunStatus } from "@/core/enums";
import { isDispatched, isTrained, isTraining } from "@/core/run-status";
import { runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { requestEvaluation } from "@/server/services/evaluations/request-evaluation";
import { ingestEvents } from "@/server/services/runs/ingest-events";
import { projectBackend } from "@/server/services/settings/project-backend";
import type { PolledEvent } from "@/trainers/types";
import type { HookRun } from "./find-run";

/** Whether the run's training had already ended when it was read (statuses never go back). */
export const trainingEnded = (run: HookRun) => !isTraining(run.status);

/** For a delivery about a run whose end is already stored: nothing to fetch or ingest (a late
 *  delivery must not rewrite a finished run); a trained run's evaluation is asked for, keyed. */
export async function settleEnded(tx: Db, run: HookRun): Promise<void> {
  if (isTrained(run.status))
    await requestEvaluation(tx, { projectId: run.projectId, runId: run.id });
}

/** How long a hook waits for its look at the vendor's job (the backends look at a job at most
 *  every few seconds, whoever asks; the run's poll job covers anything this look misses). */
const fetchWaitMs = () => Number(process.env.TUNEBENCH_HOOK_FETCH_WAIT_MS ?? 6000);

/** Asks the run's backend what happened (Describe / retrieve), as the run's poll job would. */
export async function fetchEvents(db: Db, run: HookRun): Promise<PolledEvent[]> {
  if (!run.externalRef) return [];
  const backend = await projectBackend(db, run.projectId, run.externalRef.backend);
  const batch: PolledEvent[] = [];
  for await (const e of backend.poll(run.externalRef, { waitMs: fetchWaitMs() })) {
    batch.push(e);
    if (batch.length >= 1000) break;
  }
  return batch;
}

/**
 * Stores the events through the runs service's ingestion (the state machine decides what moves)
 * and, once the run has finished training, asks for its evaluation through the one keyed
 * run.evaluate job: however many hooks and pollers report the same end, one evaluation.
 */
export async function applyEvents(tx: Db, run: HookRun, batch: PolledEvent[]): Promise<RunStatus> {
  const [before] = (await tx
    .select({ status: runs.status })
    .from(runs)
    .where(eq(runs.id, run.id))) as [{ status: RunStatus }];
  const status = batch.length ? await ingestEvents(tx, run.id, batch) : before.status;
  // Ingestion that moves a run to succeeded enqueues its evaluation itself; a run that had already
  // finished training is asked for again (a keyed no-op unless its job was somehow never enqueued).
  if (isTrained(status) && !isDispatched(before.status)) {
    await requestEvaluation(tx, { projectId: run.projectId, runId: run.id });
  }
  return status;
}
