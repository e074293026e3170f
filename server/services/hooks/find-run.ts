import { and, eq, sql } from "drizzle-orm";
import { experiments, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import type { ExternalRef } from "@/trainers/types";
import { HookError } from "./respond";

export type HookRun = {
  id: string;
  projectId: string;
  status: (typeof runs.$inferSelect)["status"];
  externalRef: ExternalRef | null;
  backend: string;
};

const columns = {
  id: runs.id,
  projectId: runs.projectId,
  status: runs.status,
  externalRef: runs.externalRef,
  backend: experiments.backend,
};

/** The project's run with this id; 404 otherwise (another project's run is unknown here). */
export async function runById(db: Db, projectId: string, runId: string): Promise<HookRun> {
  if (!/^[\w-]{1,100}$/.test(runId)) throw new HookError(404);
  const [run] = await db
    .select(columns)
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(and(eq(runs.id, runId), eq(runs.projectId, projectId)));
  if (!run) throw new HookError(404);
  return run as HookRun;
}

/** The project's run whose backend job is `jobId` (the ref's id: an OpenAI job id, a SageMaker job name). */
export async function runByJob(
  db: Db,
  projectId: string,
  backend: "openai" | "sagemaker",
  jobId: string,
): Promise<HookRun | null> {
  const [run] = await db
    .select(columns)
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(
      and(
        eq(runs.projectId, projectId),
        sql`${runs.externalRef}->>'backend' = ${backend}`,
        sql`${runs.externalRef}->>'id' = ${jobId}`,
      ),
    )
    .limit(1);
  return (run as HookRun | undefined) ?? null;
}
