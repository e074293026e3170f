import { Webhook } from "standardwebhooks";
import { z } from "zod";
import type { Db } from "@/server/db";
import { applyEvents, fetchEvents, settleEnded, trainingEnded } from "./apply-events";
import { acceptDelivery, seenDelivery } from "./deliveries";
import { runByJob } from "./find-run";
import { hookProject } from "./project";
import { parseHookBody, readLimitedBody } from "./read-body";
import { answer, HookError } from "./respond";

const FINE_TUNING_END = [
  "fine_tuning.job.succeeded",
  "fine_tuning.job.failed",
  "fine_tuning.job.cancelled",
];
const OpenAIEvent = z
  .object({ id: z.string(), type: z.string(), data: z.object({ id: z.string() }).passthrough() })
  .passthrough();

/**
 * POST /api/hooks/openai/[project]: OpenAI's webhooks (Standard Webhooks: HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}`, timestamps within ±5 minutes). The event is thin
 * (a job id), so the job itself is fetched through the OpenAI backend and its events ingested.
 */
export function handleOpenAIHook(db: Db, req: Request, projectParam: string): Promise<Response> {
  return answer("openai", async () => {
    const body = await readLimitedBody(req);
    const { projectId, secret } = await hookProject(db, projectParam, "hooks.openai");
    try {
      // Throws on a missing header, a bad signature, or a timestamp outside ±5 minutes.
      new Webhook(secret).verify(body, Object.fromEntries(req.headers), { jsonParse: false });
    } catch {
      throw new HookError(401);
    }
    const event = parseHookBody(body, OpenAIEvent);
    // webhook-id is stable across OpenAI's retries; it is the delivery id.
    const delivery = {
      projectId,
      source: "openai" as const,
      deliveryId: req.headers.get("webhook-id")!,
    };
    if (!FINE_TUNING_END.includes(event.type)) {
      await acceptDelivery(
        db,
        { ...delivery, runId: null, outcome: "ignored", detail: { type: event.type } },
        async () => {},
      );
      return { outcome: "ignored" };
    }
    const run = await runByJob(db, projectId, "openai", event.data.id);
    if (!run) throw new HookError(404);
    if (await seenDelivery(db, delivery)) return { outcome: "duplicate" };
    if (trainingEnded(run)) {
      const r = await acceptDelivery(
        db,
        { ...delivery, runId: run.id, outcome: `after ${run.status}` },
        (tx) => settleEnded(tx, run),
      );
      return r === "duplicate"
        ? { outcome: "duplicate" }
        : { outcome: "accepted", status: run.status };
    }
    const batch = await fetchEvents(db, run);
    let status = run.status;
    const result = await acceptDelivery(
      db,
      {
        ...delivery,
        runId: run.id,
        outcome: event.type.slice("fine_tuning.job.".length),
        detail: { eventId: event.id, jobId: event.data.id },
      },
      async (tx) => {
        status = await applyEvents(tx, run, batch);
      },
    );
    return result === "duplicate" ? { outcome: "duplicate" } : { outcome: "accepted", status };
  });
}
