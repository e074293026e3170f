// The MLflow tracking REST subset: MLFLOW_TRACKING_URI=http://host:3000/api/mlflow (docs/mlflow.md)
import { handleMlflow } from "@/server/api/mlflow";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path: string[] }> };
const handle = async (req: Request, { params }: Context) => handleMlflow(req, (await params).path);

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
