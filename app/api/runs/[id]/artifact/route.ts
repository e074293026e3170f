import { readFile } from "node:fs/promises";
import { withApi } from "@/server/api";
import { getRunArtifact } from "@/server/services/runs";
import { tarFiles } from "./tar";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/runs/:id/artifact: the run's adapter (PEFT layout) as a .tar, or its single file, for
 *  an admin or member (reviewers see outputs only through blind review campaigns) or a bearer
 *  token with read scope; the service checks the run belongs to the caller's project and that
 *  every file it hands over lies inside the run's folder. */
export const GET = withApi<{ id: string }>(
  async ({ ctx, params }) => {
    const artifact = await getRunArtifact({ ctx, input: { runId: params.id } });
    if (artifact.folder) {
      return new Response(new Uint8Array(await tarFiles(artifact.name, artifact.files)), {
        headers: {
          "content-type": "application/x-tar",
          "content-disposition": `attachment; filename="${artifact.name}.tar"`,
        },
      });
    }
    const [file] = artifact.files;
    return new Response(new Uint8Array(await readFile(file!.path)), {
      headers: {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename="${file!.name.replace(/[^\w.-]+/g, "_")}"`,
      },
    });
  },
  { scope: "read" },
);
