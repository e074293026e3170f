import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { DISPATCHED_STATUSES } from "@/core/run-status";
import { experiments, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { listLocalGpus } from "@/trainers/local/devices";
import type { RunSpec } from "@/trainers/types";
import { holderLabel, type MachineGpus, type Placement, placeOnGpus } from "./place-on-gpus";

// CPU runs share this machine's cores: at most TUNEBENCH_LOCAL_CONCURRENCY at once (default 1).
// GPU runs are limited by their GPUs alone.
const cpuConcurrency = () => Number(process.env.TUNEBENCH_LOCAL_CONCURRENCY) || 1;

/** The GPUs `python -m worker devices` lists (once per process), or why it could not. */
export async function machineGpus(spec: Pick<RunSpec, "device" | "devices">): Promise<MachineGpus> {
  // A CPU run never needs the list, so CPU-only setups never pay for importing torch here.
  if (spec.device === "cpu" || spec.devices === "cpu") return { gpus: [] };
  try {
    return { gpus: (await listLocalGpus()).map((g) => g.index) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const activeLocal = and(
  inArray(runs.status, DISPATCHED_STATUSES),
  eq(experiments.backend, "local"),
);

/**
 * Where a queued local run trains now, read under the dispatch lock: the GPUs that active local
 * runs hold come from their `gpus` column, so the claims survive a server restart and end with
 * the run's status. Every project's runs share the machine; a reason names only the waiting
 * run's own project's runs.
 */
export async function findLocalSlot(
  tx: Db,
  run: { projectId: string; spec: Pick<RunSpec, "device" | "devices"> },
  machine: MachineGpus,
): Promise<Placement> {
  const holders = await tx
    .select({ runId: runs.id, name: runs.name, projectId: runs.projectId, gpus: runs.gpus })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(and(activeLocal, isNotNull(runs.gpus)));
  const placement = placeOnGpus(
    run.spec,
    machine,
    holders.map((h) => ({ label: holderLabel(h, run.projectId), gpus: h.gpus ?? [] })),
  );
  if (placement.kind !== "cpu") return placement;
  const cpuRuns = await tx
    .select({ runId: runs.id, name: runs.name, projectId: runs.projectId })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(and(activeLocal, isNull(runs.gpus)))
    .orderBy(sql`${runs.startedAt} nulls last`);
  const limit = cpuConcurrency();
  if (cpuRuns.length < limit) return placement;
  return {
    kind: "wait",
    reason: `waiting for a CPU training slot (TUNEBENCH_LOCAL_CONCURRENCY=${limit}; in use by ${cpuRuns.map((h) => holderLabel(h, run.projectId)).join(", ")})`,
  };
}
