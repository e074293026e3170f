import type { runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { emitWebhookEvent } from "./emit-event";

type RunRow = Pick<
  typeof runs.$inferSelect,
  "id" | "projectId" | "experimentId" | "name" | "status"
> &
  Partial<Pick<typeof runs.$inferSelect, "error" | "finishedAt">>;

/** run.succeeded / run.failed for a run that just reached that status; call inside the change's transaction. */
export async function emitRunStatusEvent(db: Db, run: RunRow): Promise<void> {
  if (run.status !== "succeeded" && run.status !== "failed") return;
  const type = run.status === "succeeded" ? "run.succeeded" : "run.failed";
  await emitWebhookEvent(db, {
    projectId: run.projectId,
    type,
    key: `${type}:${run.id}`,
    data: {
      runId: run.id,
      runName: run.name,
      experimentId: run.experimentId,
      status: run.status,
      ...(run.status === "failed" ? { error: run.error ?? null } : {}),
      finishedAt: (run.finishedAt ?? new Date()).toISOString(),
    },
  });
}

/** eval.completed with the run's corpus scores; call inside the evaluation's transaction. */
export async function emitEvalCompleted(
  db: Db,
  e: {
    projectId: string;
    runId: string;
    runName: string;
    experimentId: string;
    evaluationId: string;
    scores: unknown;
    sampleCount: number;
  },
): Promise<void> {
  const { projectId, ...data } = e;
  await emitWebhookEvent(db, {
    projectId,
    type: "eval.completed",
    key: `eval.completed:${e.runId}`,
    data,
  });
}
