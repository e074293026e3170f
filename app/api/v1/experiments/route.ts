// POST /api/v1/experiments – create an experiment (same input as experiments.create); GET – list them
import { parseJsonBody, withApi } from "@/server/api";
import { CreateExperimentInput } from "@/server/schemas/experiments";
import { createExperiment, listExperiments } from "@/server/services/experiments";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi(
  async ({ ctx, req }) => {
    const input = await parseJsonBody(req, CreateExperimentInput);
    return Response.json(await createExperiment({ ctx, input }), { status: 201 });
  },
  { scope: "write" },
);

export const GET = withApi(async ({ ctx }) => ({ experiments: await listExperiments({ ctx }) }), {
  scope: "read",
});
