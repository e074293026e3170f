// GET /api/runs/stream?runIds=a,b&names=train/loss,eval/loss&after=a:120,b:80&x=step
// Server-sent events: `event: points` with { runId, name, points: [{ x, y, step }] }, only steps
// after the client's cursor; ": ping" heartbeats; closes when the client goes away.
import { withApi } from "@/server/api";
import { parseStreamQuery, streamPoints } from "@/server/services/series";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(
  async ({ ctx, req }) => {
    const stream = await streamPoints(ctx.db, ctx.projectId, parseStreamQuery(new URL(req.url)), {
      signal: req.signal,
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  },
  { scope: "read" },
);
