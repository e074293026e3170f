import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/server/db";
import { applyEvents, fetchEvents, settleEnded, trainingEnded } from "./apply-events";
import { acceptDelivery, seenDelivery } from "./deliveries";
import { type HookRun, runById, runByJob } from "./find-run";
import { hookProject } from "./project";
import { parseHookBody, readLimitedBody } from "./read-body";
import { answer, HookError } from "./respond";

/** The header an EventBridge connection (API key authorisation) sends with every event. */
export const SAGEMAKER_SECRET_HEADER = "x-tunebench-hook-secret";
const DETAIL_TYPE = "SageMaker Training Job State Change";
const ENDED = ["Completed", "Failed", "Stopped"];
/** EventBridge retries an event for at most 24 hours (MaximumEventAgeInSeconds); older is a replay. */
const MAX_EVENT_AGE_MS = (24 * 60 + 5) * 60 * 1000;
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const StateChange = z.object({
  id: z.string(),
  source: z.string(),
  time: z.string().optional(),
  "detail-type": z.string(),
  detail: z
    .object({
      TrainingJobName: z.string().min(1).max(63),
      TrainingJobStatus: z.string(),
      SecondaryStatus: z.string().optional(),
      LastModifiedTime: z.union([z.string(), z.number()]).optional(),
    })
    .passthrough(),
});

/** Constant-time comparison of the header with the secret (digests, so lengths never leak). */
export function secretMatches(given: string | null, secret: string): boolean {
  if (!given) return false;
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * POST /api/hooks/sagemaker/[project]: "SageMaker Training Job State Change" events as an
 * EventBridge API destination delivers them. SageMaker may send several events per change and
 * EventBridge retries, so the delivery id is (job, status, secondary status, last modified): the
 * same change twice is one delivery. An end state is re-described through the backend, which
 * reports it as polling would.
 */
export function handleSageMakerHook(db: Db, req: Request, projectParam: string): Promise<Response> {
  return answer("sagemaker", async () => {
    const body = await readLimitedBody(req);
    const { projectId, secret } = await hookProject(db, projectParam, "hooks.sagemaker");
    if (!secretMatches(req.headers.get(SAGEMAKER_SECRET_HEADER), secret)) throw new HookError(401);
    const event = parseHookBody(body, StateChange);
    const { detail, id: eventId } = event;
    // An event without a readable time could be a replay of any age: it counts as stale.
    const sentAt = event.time ? Date.parse(event.time) : NaN;
    if (
      Number.isNaN(sentAt) ||
      Date.now() - sentAt > MAX_EVENT_AGE_MS ||
      sentAt - Date.now() > MAX_CLOCK_SKEW_MS
    )
      throw new HookError(401);
    if (event.source !== "aws.sagemaker" || event["detail-type"] !== DETAIL_TYPE) {
      return { outcome: "ignored" };
    }
    const run = await findSageMakerRun(db, projectId, detail.TrainingJobName);
    const deliveryId = [
      detail.TrainingJobName,
      detail.TrainingJobStatus,
      detail.SecondaryStatus ?? "",
      detail.LastModifiedTime ?? eventId,
    ].join(":");
    const delivery = {
      projectId,
      source: "sagemaker" as const,
      deliveryId,
      runId: run.id,
      detail: { eventId, status: detail.TrainingJobStatus, secondary: detail.SecondaryStatus },
    };
    if (!ENDED.includes(detail.TrainingJobStatus)) {
      // Progress is the poll job's business; the delivery is only recorded.
      const r = await acceptDelivery(db, { ...delivery, outcome: "progress" }, async () => {});
      return { outcome: r === "duplicate" ? "duplicate" : "progress" };
    }
    if (await seenDelivery(db, delivery)) return { outcome: "duplicate" };
    if (trainingEnded(run)) {
      const r = await acceptDelivery(db, { ...delivery, outcome: `after ${run.status}` }, (tx) =>
        settleEnded(tx, run),
      );
      return r === "duplicate"
        ? { outcome: "duplicate" }
        : { outcome: "accepted", status: run.status };
    }
    const batch = await fetchEvents(db, run);
    let status = run.status;
    const result = await acceptDelivery(
      db,
      { ...delivery, outcome: detail.TrainingJobStatus.toLowerCase() },
      async (tx) => {
        status = await applyEvents(tx, run, batch);
      },
    );
    return result === "duplicate" ? { outcome: "duplicate" } : { outcome: "accepted", status };
  });
}

/** By the job name in the run's ref; else by the name's run id (`tunebench-<run id>[-r<n>]`). */
async function findSageMakerRun(db: Db, projectId: string, jobName: string): Promise<HookRun> {
  const byRef = await runByJob(db, projectId, "sagemaker", jobName);
  if (byRef) return byRef;
  const m = /^tunebench-(.+?)(-r\d+)?$/.exec(jobName);
  if (!m) throw new HookError(404);
  return runById(db, projectId, m[1]!);
}
