import { and, asc, eq, sql } from "drizzle-orm";
import { datasetExamples, experiments, runs } from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import { jobKeys } from "@/server/jobs/contracts";
import { enqueueJob } from "@/server/jobs/enqueue";
import { projectBackend } from "@/server/services/settings/project-backend";
import type { ExternalRef } from "@/trainers/types";
import { isTrainable, withData } from "./build-run-spec";
import { findLocalSlot, machineGpus } from "./local-slot";
import type { MachineGpus } from "./place-on-gpus";
import { transitionRun } from "./transition-run";
import { runWorkDir } from "./work-dir";

const DISPATCH_LOCK = 727_101;

export type DispatchResult = "submitted" | "busy" | "skipped" | "failed";

/**
 * Submits a queued run to its backend. The check for a free local slot (its GPUs, or a CPU slot),
 * the submit and the queued → submitted transition that records the GPUs run under one advisory
 * lock, so two workers never start two trainers on one GPU. A run that must wait stays queued with
 * the reason; one that can never run here (more GPUs than the machine has) fails at once. A submit
 * whose transaction is lost is harmless: the local backend reattaches to the worker it started
 * when dispatch runs again.
 */
export async function dispatchRun(db: Db, runId: string): Promise<DispatchResult> {
  const [row] = await db
    .select({ run: runs, experiment: experiments })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(eq(runs.id, runId));
  if (row?.run.status !== "queued") return "skipped";
  const { run, experiment } = row;
  // A baseline trains nothing; an external run was trained elsewhere.
  if (!isTrainable(run.spec) || !experiment.datasetVersionId) return "skipped";
  const backend = await projectBackend(db, experiment.projectId, experiment.backend);
  const examples = await db
    .select({
      split: datasetExamples.split,
      messages: datasetExamples.messages,
      rejected: datasetExamples.rejected,
    })
    .from(datasetExamples)
    .where(eq(datasetExamples.versionId, experiment.datasetVersionId))
    .orderBy(asc(datasetExamples.split), asc(datasetExamples.idx));
  const train = examples.filter((e) => e.split === "train");
  const spec = withData(run.spec, train, null);
  const local = experiment.backend === "local";
  const machine: MachineGpus = local ? await machineGpus(spec) : { gpus: [] };

  return withTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DISPATCH_LOCK})`);
    const [current] = await tx
      .select({ status: runs.status })
      .from(runs)
      .where(eq(runs.id, runId))
      .for("update");
    if (current?.status !== "queued") return "skipped" as const;
    const slot = local
      ? await findLocalSlot(tx, { projectId: run.projectId, spec }, machine)
      : { kind: "cpu" as const };
    if (slot.kind === "wait") {
      await tx
        .update(runs)
        .set({ queueReason: slot.reason })
        .where(and(eq(runs.id, runId), sql`${runs.queueReason} is distinct from ${slot.reason}`));
      return "busy" as const;
    }
    if (slot.kind === "impossible") {
      await transitionRun(tx, runId, "failed", {
        error: slot.error,
        queueReason: null,
        finishedAt: new Date(),
      });
      return "failed" as const;
    }
    const gpus = slot.kind === "gpus" ? slot.gpus : null;
    const ref: ExternalRef = await backend.submit(spec, {
      runId,
      workDir: runWorkDir(runId),
      ...(gpus ? { gpus } : {}),
    });
    await tx
      .update(runs)
      .set({
        status: "submitted",
        externalRef: ref,
        startedAt: new Date(),
        gpus,
        queueReason: null,
      })
      .where(eq(runs.id, runId));
    await enqueueJob(tx, {
      kind: "run.poll",
      payload: { runId },
      key: jobKeys.pollRunStart(runId),
    });
    return "submitted" as const;
  });
}
