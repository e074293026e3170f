import { eq, sql } from "drizzle-orm";
import type { RunStatus } from "@/core/enums";
import { canTransition, isUnsuccessful } from "@/core/run-status";
import { runArtifacts, runCheckpoints, runLogs, runs } from "@/drizzle/schema";
import { type Db, withTransaction } from "@/server/db";
import { enqueueJob } from "@/server/jobs/enqueue";
import { refreshRunCosts } from "@/server/services/cost/refresh-costs";
import { settlePendingGates } from "@/server/services/gates/evaluate-gates";
import { afterMetricsStored } from "@/server/services/ingest/after-metrics";
import { type StoredPoint, storePoints } from "@/server/services/metric-store";
import { emitRunStatusEvent } from "@/server/services/webhooks/run-events";
import type { PolledEvent } from "@/trainers/types";
import { type ArtifactScope, checkArtifactLocation } from "./artifact-location";
import { artifactScope } from "./artifact-scope";

const BATCH = 500;

/**
 * Stores one batch of backend events and the ref (cursor) after them in a single transaction, so
 * a crash either stores the whole batch with its cursor or none of it. Metric points and log
 * lines are keyed by (run, name, step) and (run, seq), and a point or line already stored is
 * kept, so a replayed event never duplicates anything. Returns the run's status afterwards.
 */
export async function ingestEvents(
  db: Db,
  runId: string,
  batch: PolledEvent[],
): Promise<RunStatus> {
  if (batch.length === 0) throw new Error("ingestEvents: empty batch");
  return withTransaction(db, async (tx) => {
    const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for("update");
    if (!run) throw new Error(`run ${runId} not found`);
    const patch: Partial<typeof runs.$inferInsert> = { externalRef: batch[batch.length - 1]!.ref };
    const metrics: StoredPoint[] = [];
    const logs: (typeof runLogs.$inferInsert)[] = [];
    const checkpoints: (typeof runCheckpoints.$inferInsert)[] = [];
    let status = run.status;
    let peakMemBytes = run.peakMemBytes;
    // A replayed event that the status has already moved past is simply not applied again.
    const move = (to: RunStatus) => {
      if (canTransition(status, to)) status = to;
    };
    // A backend's report is checked like a hook's: the download would serve whatever is stored.
    let scope: ArtifactScope | undefined;
    const locate = async (where: string) => {
      scope ??= await artifactScope(tx, runId);
      return checkArtifactLocation(where, scope);
    };
    for (const { event: e, seq } of batch) {
      const time = new Date(e.time * 1000);
      switch (e.type) {
        case "started":
          Object.assign(patch, {
            device: e.device,
            totalSteps: e.totalSteps || run.totalSteps,
            startedAt: run.startedAt ?? time,
          });
          move("running");
          break;
        case "progress":
          Object.assign(patch, {
            step: e.step,
            totalSteps: e.totalSteps || run.totalSteps,
            epoch: e.epoch,
            tokensSeen: e.tokensSeen,
            tokensPerSecond: e.tokensPerSecond,
            etaSeconds: e.etaSeconds,
          });
          if (e.peakMemBytes !== undefined) {
            peakMemBytes = Math.max(peakMemBytes ?? 0, e.peakMemBytes);
            patch.peakMemBytes = peakMemBytes;
          }
          move("running");
          break;
        case "metric":
          metrics.push({ name: e.name, step: e.step, value: e.value, time: e.time * 1000 });
          break;
        case "log":
          logs.push({ runId, seq, time, level: e.level, message: e.message });
          break;
        case "checkpoint":
          logs.push({
            runId,
            seq,
            time,
            level: "info",
            message: `checkpoint at step ${e.step}: ${e.path}`,
          });
          checkpoints.push({ runId, step: e.step, path: e.path });
          break;
        case "artifact": {
          const where = await locate(e.path);
          if (where.ok) await upsertArtifact(tx, runId, e.kind, where.location);
          else
            logs.push({
              runId,
              seq,
              time,
              level: "warning",
              message: `artifact "${e.kind}" not stored: its location ${where.reason}`,
            });
          break;
        }
        case "completed": {
          const where = await locate(e.adapterPath);
          if (!where.ok) {
            const error = `the reported adapter was refused: its location ${where.reason}`;
            Object.assign(patch, { error, finishedAt: time });
            move("failed");
            logs.push({ runId, seq, time, level: "error", message: error });
            break;
          }
          await upsertArtifact(tx, runId, "adapter", where.location);
          Object.assign(patch, { step: e.step || run.step, etaSeconds: 0, finishedAt: time });
          move("succeeded");
          break;
        }
        case "failed":
          Object.assign(patch, { error: e.error, finishedAt: time });
          move("failed");
          logs.push({ runId, seq, time, level: "error", message: e.error });
          break;
        case "cancelled":
          Object.assign(patch, { finishedAt: time });
          move("cancelled");
          break;
      }
    }
    const stored = await storePoints(tx, runId, metrics); // the run's row is locked above
    for (let i = 0; i < logs.length; i += BATCH)
      await tx
        .insert(runLogs)
        .values(logs.slice(i, i + BATCH))
        .onConflictDoNothing();
    for (const c of checkpoints)
      await tx
        .insert(runCheckpoints)
        .values(c)
        .onConflictDoUpdate({
          target: [runCheckpoints.runId, runCheckpoints.step],
          set: { path: c.path },
        });
    await afterMetricsStored(tx, runId, stored.changed); // the runs table's last values; chart tiles
    await tx
      .update(runs)
      .set({ ...patch, status, updatedAt: sql`now()` })
      .where(eq(runs.id, runId));
    // The evaluation is keyed by run: however often this batch is replayed, it is enqueued once.
    if (status === "succeeded" && run.status !== "succeeded") {
      await enqueueJob(tx, { kind: "run.evaluate", payload: { runId } });
    }
    if (status !== run.status && patch.finishedAt) {
      await refreshRunCosts(tx, [runId]); // training ended: its cost is known
      await enqueueJob(tx, { kind: "series.tiles", payload: { runId } }); // chart tiles, once
    }
    // Training that ended without an adapter: runs gated against this one stop waiting for it.
    if (status !== run.status && isUnsuccessful(status))
      await settlePendingGates(tx, run.experimentId, { baselineRunId: runId });
    if (status !== run.status)
      await emitRunStatusEvent(tx, {
        ...run,
        error: patch.error ?? run.error,
        finishedAt: patch.finishedAt ?? run.finishedAt,
        status,
      }); // run.succeeded / run.failed webhooks
    return status;
  });
}

async function upsertArtifact(tx: Db, runId: string, kind: string, path: string) {
  await tx
    .insert(runArtifacts)
    .values({ runId, kind, path })
    .onConflictDoUpdate({ target: [runArtifacts.runId, runArtifacts.kind], set: { path } });
}
