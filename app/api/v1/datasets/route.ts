// POST /api/v1/datasets – upload a dataset from JSONL text (train file, optional eval file)
import { parseJsonBody, withApi } from "@/server/api";
import { UploadDatasetInput } from "@/server/schemas/datasets";
import { uploadDataset } from "@/server/services/datasets";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi(
  async ({ ctx, req }) => {
    const { datasetId, versionId, trainCount, evalCount, reused } = await uploadDataset({
      ctx,
      input: await parseJsonBody(req, UploadDatasetInput),
    });
    return Response.json(
      { datasetId, versionId, trainCount, evalCount, reused },
      { status: reused ? 200 : 201 },
    );
  },
  { scope: "write" },
);
