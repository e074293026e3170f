import { badRequest } from "@/server/errors";

/**
 * What evaluating a run of an experiment needs: its base model and dataset. An external experiment
 * (created by an MLflow client) has neither until someone sets them, and says so here rather than
 * failing somewhere inside generation.
 */
export function evaluationTarget(experiment: {
  name: string;
  baseModel: string | null;
  datasetVersionId: string | null;
}): { baseModel: string; datasetVersionId: string } {
  const { baseModel, datasetVersionId } = experiment;
  if (!baseModel || !datasetVersionId)
    throw badRequest(
      `Experiment "${experiment.name}" has no ${!baseModel ? "base model" : "dataset"} yet: set its base model, dataset and eval suite before its runs can be evaluated.`,
    );
  return { baseModel, datasetVersionId };
}
