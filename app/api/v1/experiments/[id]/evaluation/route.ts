// PUT /api/v1/experiments/{id}/evaluation – set the base model, dataset and eval suite of an experiment an MLflow client created
import { parseJsonBody, withApi } from "@/server/api";
import { ExperimentEvaluationFields } from "@/server/schemas/experiments";
import { setExperimentEvaluation } from "@/server/services/experiments";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PUT = withApi<{ id: string }>(
  async ({ ctx, req, params }) =>
    setExperimentEvaluation({
      ctx,
      input: { experimentId: params.id, ...(await parseJsonBody(req, ExperimentEvaluationFields)) },
    }),
  { scope: "write" },
);
