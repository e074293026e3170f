import { and, eq } from "drizzle-orm";
import type { BackendKind } from "@/core/enums";
import { experiments, runArtifacts, runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { badRequest } from "@/server/errors";

const refuse = (message: string) =>
  badRequest(`training.initFromRunId: ${message}`, {
    issues: [{ field: "training.initFromRunId", message }],
  });

/**
 * The trained output an experiment's runs start from (DPO after SFT): the run's stored output on
 * the same backend, as that backend reads it. Refused, naming the field: a run of another
 * project, one that has not finished training, or one trained elsewhere.
 */
export async function resolveInitFrom(
  db: Db,
  a: { projectId: string; runId: string; backend: BackendKind },
): Promise<string> {
  const [row] = await db
    .select({ run: runs, backend: experiments.backend })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .where(and(eq(runs.id, a.runId), eq(runs.projectId, a.projectId)));
  if (!row) throw refuse("no such run in this project");
  const trained = row.run.externalRef?.backend ?? row.backend;
  if (trained !== a.backend)
    throw refuse(`that run trained on the ${trained} backend; this experiment uses ${a.backend}`);
  const [output] = await db
    .select({ path: runArtifacts.path })
    .from(runArtifacts)
    .where(and(eq(runArtifacts.runId, a.runId), eq(runArtifacts.kind, "adapter")));
  if (row.run.isBaseline || !output)
    throw refuse(`"${row.run.name}" has no trained output yet; start from a run that succeeded`);
  return output.path;
}
