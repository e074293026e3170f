// POST /api/v1/backups – the server snapshots its database (and runs folder) into its backup folder
import { parseJsonBody, withApi } from "@/server/api";
import { CreateBackupInput } from "@/server/schemas/backups";
import { createBackup } from "@/server/services/backups";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi(
  async ({ ctx, req }) =>
    Response.json(await createBackup({ ctx, input: await parseJsonBody(req, CreateBackupInput) }), {
      status: 201,
    }),
  { scope: "write", roles: ["admin"] },
);
