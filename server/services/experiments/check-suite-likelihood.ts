import { and, count, eq } from "drizzle-orm";
import type { BackendKind } from "@/core/enums";
import { datasetExamples, datasetVersions } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { badRequest } from "@/server/errors";
import type { EvalSuite } from "@/server/schemas/experiments";
import type { TrainingBackend } from "@/trainers";

/** Why a backend without `likelihood` cannot give perplexity, in the words a person needs. */
const WHY_NOT: Partial<Record<BackendKind, string>> = {
  openai:
    "OpenAI's fine-tuned chat models give no log-probabilities of arbitrary text, so the reference answers cannot be scored",
};

const refuse = (field: string, message: string) =>
  badRequest(`${field}: ${message}`, { issues: [{ field, message }] });

/**
 * What the suite's schema cannot check alone: that the backend can score perplexity at all (the
 * eval split's, or a retention set's), and that the retention set is a dataset version of this
 * project with examples in the chosen split. Refused before anything is created or spent.
 */
export async function checkSuiteLikelihood(
  db: Db,
  input: { projectId: string; suite: EvalSuite; backend: TrainingBackend },
) {
  const { suite, backend } = input;
  const wanted = [
    ...(suite.metrics.includes("perplexity") ? ["evalSuite.metrics"] : []),
    ...(suite.retention ? ["evalSuite.retention"] : []),
  ];
  if (wanted.length && !backend.likelihood)
    throw refuse(
      wanted[0]!,
      `the ${backend.kind} backend cannot compute perplexity: ${WHY_NOT[backend.kind] ?? "it cannot score given text with a trained model"}. Remove perplexity and the retention set from the suite, or use the local backend.`,
    );
  if (!suite.retention) return;
  const { datasetVersionId, split } = suite.retention;
  const field = "evalSuite.retention.datasetVersionId";
  const [version] = await db
    .select({ id: datasetVersions.id })
    .from(datasetVersions)
    .where(
      and(eq(datasetVersions.id, datasetVersionId), eq(datasetVersions.projectId, input.projectId)),
    );
  if (!version)
    throw refuse(field, `dataset version ${datasetVersionId} does not exist in this project`);
  const [{ n } = { n: 0 }] = await db
    .select({ n: count() })
    .from(datasetExamples)
    .where(and(eq(datasetExamples.versionId, datasetVersionId), eq(datasetExamples.split, split)));
  if (n === 0)
    throw refuse(
      "evalSuite.retention.split",
      `dataset version ${datasetVersionId} has no ${split} examples`,
    );
}
