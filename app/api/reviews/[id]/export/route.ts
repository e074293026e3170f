import { EDITOR_ROLES } from "@/core/roles";
import { withApi } from "@/server/api";
import { exportVotes } from "@/server/services/reviews";

/** GET /api/reviews/:id/export?format=csv|json: every vote version (members and admins). */
export const GET = withApi<{ id: string }>(
  async ({ ctx, req, params }) => {
    const format = new URL(req.url).searchParams.get("format") ?? "csv";
    const file = await exportVotes({ ctx, input: { campaignId: params.id, format } });
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "no-store",
      },
    });
  },
  { scope: "read", roles: EDITOR_ROLES },
);
