import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { DISPATCHED_STATUSES } from "@/core/run-status";
import { datasetExamples, experiments, runs } from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import { jobKeys } from "@/server/jobs/contracts";
import { enqueueJob } from "@/server/jobs/enqueue";
import { projectBackend } from "@/server/services/settings/project-backend";
import type { ExternalRef } from "@/trainers/types";
import { isTrainable, withData } from "./build-run-spec";
import { runWorkDir } from "./work-dir";

// Local training shares this machine's CPU/GPU: run one at a time unless told otherwise.
const localConcurrency = () => Number(process.env.TUNEBENCH_LOCAL_CONCURRENCY) || 1;
const DISPATCH_LOCK = 727_101;

export type DispatchResult = "submitted" | "busy" | "skipped";

/**
 * Submits a queued run to its backend. The check for a free local slot, the submit and the
 * queued → submitted transition run under one advisory lock, so two workers never start two
 * trainers for one slot. A submit whose transaction is lost is harmless: the local backend
 * reattaches to the worker it started when dispatch runs again.
 */
export async function dispatchRun(db: Db, runId: string): Promise<DispatchResult> {
  const [row] = await db
    .select({ run: runs, experiment: experiments })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(eq(runs.id, runId));
  if (row?.run.status !== "queued") return "skipped";
  const { run, experiment } = row;
  if (!isTrainable(run.spec)) return "skipped"; // a baseline: nothing to train
  const backend = await projectBackend(db, experiment.projectId, experiment.backend);
  const examples = await db
    .select({ split: datasetExamples.split, messages: datasetExamples.messages })
    .from(datasetExamples)
    .where(eq(datasetExamples.versionId, experiment.datasetVersionId))
    .orderBy(asc(datasetExamples.split), asc(datasetExamples.idx));
  const train = examples.filter((e) => e.split === "train").map((e) => e.messages);
  const spec = withData(run.spec, train, null);

  return withTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DISPATCH_LOCK})`);
    const [current] = await tx
      .select({ status: runs.status })
      .from(runs)
      .where(eq(runs.id, runId))
      .for("update");
    if (current?.status !== "queued") return "skipped" as const;
    if (experiment.backend === "local") {
      const [{ n }] = (await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(runs)
        .innerJoin(experiments, eq(experiments.id, runs.experimentId))
        .where(
          and(inArray(runs.status, DISPATCHED_STATUSES), eq(experiments.backend, "local")),
        )) as [{ n: number }];
      if (n >= localConcurrency()) return "busy" as const;
    }
    const ref: ExternalRef = await backend.submit(spec, { runId, workDir: runWorkDir(runId) });
    await tx
      .update(runs)
      .set({ status: "submitted", externalRef: ref, startedAt: new Date() })
      .where(eq(runs.id, runId));
    await enqueueJob(tx, {
      kind: "run.poll",
      payload: { runId },
      key: jobKeys.pollRunStart(runId),
    });
    return "submitted" as const;
  });
}
