import path from "node:path";
import { isEditor } from "@/core/roles";
import { createContextFromRequest } from "@/server/context";
import { ServiceError } from "@/server/errors";
import { getRunArtifact } from "@/server/services/runs";
import { tarDirectory } from "./tar";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const STATUS: Record<ServiceError["code"], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** GET /api/runs/:id/artifact: the run's adapter (PEFT layout) as a .tar, for the signed-in user
 *  or a bearer token with read scope; the service checks the run belongs to the caller's project. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await createContextFromRequest(req);
  if (!ctx.user) return Response.json({ error: "Sign in first." }, { status: 401 });
  // Reviewers see outputs only through blind review campaigns.
  if (!isEditor(ctx.role))
    return Response.json({ error: "This needs the admin or member role." }, { status: 403 });
  if (ctx.via === "token" && !ctx.scopes?.includes("read"))
    return Response.json({ error: 'This API token lacks the "read" scope.' }, { status: 403 });
  try {
    const artifact = await getRunArtifact({ ctx, input: { runId: id } });
    const base = artifact.name;
    if (artifact.isDir) {
      const body = await tarDirectory(artifact.path, base, artifact.files);
      return new Response(new Uint8Array(body), {
        headers: {
          "content-type": "application/x-tar",
          "content-disposition": `attachment; filename="${base}.tar"`,
        },
      });
    }
    const { readFile } = await import("node:fs/promises");
    return new Response(new Uint8Array(await readFile(artifact.path)), {
      headers: {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename="${path.basename(artifact.path)}"`,
      },
    });
  } catch (e) {
    if (e instanceof ServiceError)
      return Response.json({ error: e.message }, { status: STATUS[e.code] });
    throw e;
  }
}
