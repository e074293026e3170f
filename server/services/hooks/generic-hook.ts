import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { runs } from "@/drizzle/schema";
import type { Db } from "@/server/db";
import { checkArtifactLocation } from "@/server/services/runs/artifact-location";
import { artifactScope } from "@/server/services/runs/artifact-scope";
import { transitionRun } from "@/server/services/runs/transition-run";
import type { BackendEvent, ExternalRef, PolledEvent } from "@/trainers/types";
import { applyEvents, settleEnded, trainingEnded } from "./apply-events";
import { acceptDelivery, seenDelivery } from "./deliveries";
import { type HookRun, runById } from "./find-run";
import { hookProject } from "./project";
import { parseHookBody, readLimitedBody } from "./read-body";
import { answer, HookError } from "./respond";

export const GENERIC_HEADERS = {
  timestamp: "x-tunebench-timestamp",
  signature: "x-tunebench-signature",
} as const;
export const TOLERANCE_SECONDS = 5 * 60;

export const GenericHookBody = z
  .object({
    deliveryId: z.string().min(1).max(200),
    runId: z.string().min(1).max(100),
    status: z.enum(["succeeded", "failed", "cancelled"]),
    /** Where the trained adapter is: a folder inside the run's folder, or an s3:// URI in the
     *  project's bucket (server/services/runs/artifact-location.ts). */
    artifact: z.string().min(1).max(2000).optional(),
    error: z.string().max(10_000).optional(),
  })
  .refine((b) => b.status !== "succeeded" || b.artifact, {
    message: "artifact is required when status is succeeded",
    path: ["artifact"],
  });
export type GenericHookBody = z.infer<typeof GenericHookBody>;

/** `v1=<hex HMAC-SHA256(secret, "${timestamp}.${body}")>`; the secret's UTF-8 bytes are the key. */
export function signGeneric(secret: string, timestamp: number | string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function verifyGeneric(
  secret: string,
  headers: Headers,
  body: string,
  now = Date.now(),
): boolean {
  const ts = headers.get(GENERIC_HEADERS.timestamp);
  const given = headers.get(GENERIC_HEADERS.signature);
  if (!ts || !given || !/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(now / 1000 - Number(ts)) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signGeneric(secret, ts, body));
  // Several space-separated signatures are allowed, so a sender can sign with old and new secrets while rotating.
  return given.split(" ").some((sig) => {
    const b = Buffer.from(sig);
    return b.length === expected.length && timingSafeEqual(b, expected);
  });
}

/**
 * POST /api/hooks/generic/[project]: "training finished" from any other trainer. The body names the
 * run and where its artifact is; the run's end goes through the same ingestion and evaluation
 * request as a backend's own events.
 */
export function handleGenericHook(db: Db, req: Request, projectParam: string): Promise<Response> {
  return answer("generic", async () => {
    const body = await readLimitedBody(req);
    const { projectId, secret } = await hookProject(db, projectParam, "hooks.generic");
    if (!verifyGeneric(secret, req.headers, body)) throw new HookError(401);
    const b = parseHookBody(body, GenericHookBody);
    const run = await runById(db, projectId, b.runId);
    if (b.artifact) {
      const where = checkArtifactLocation(b.artifact, await artifactScope(db, run.id));
      if (!where.ok) throw new HookError(400, `artifact ${where.reason}`);
      b.artifact = where.location; // the real path: what the download will check again
    }
    const delivery = {
      projectId,
      source: "generic" as const,
      deliveryId: b.deliveryId,
      runId: run.id,
      detail: { artifact: b.artifact ?? null },
    };
    if (await seenDelivery(db, delivery)) return { outcome: "duplicate" };
    if (trainingEnded(run)) {
      const r = await acceptDelivery(db, { ...delivery, outcome: `after ${run.status}` }, (tx) =>
        settleEnded(tx, run),
      );
      return r === "duplicate"
        ? { outcome: "duplicate" }
        : { outcome: "accepted", status: run.status };
    }
    let status = run.status;
    const result = await acceptDelivery(db, { ...delivery, outcome: b.status }, async (tx) => {
      // A run still queued here was trained outside Tunebench: it was never submitted to a backend.
      // Read under a row lock: another delivery for the same run may have moved it meanwhile.
      const [current] = await tx
        .select({ status: runs.status })
        .from(runs)
        .where(eq(runs.id, run.id))
        .for("update");
      if (current?.status === "queued") await transitionRun(tx, run.id, "submitted");
      status = await applyEvents(tx, run, [terminalEvent(run, b)]);
    });
    return result === "duplicate" ? { outcome: "duplicate" } : { outcome: "accepted", status };
  });
}

function terminalEvent(run: HookRun, b: GenericHookBody): PolledEvent {
  const time = Date.now() / 1000;
  const event: BackendEvent =
    b.status === "succeeded"
      ? { type: "completed", time, step: 0, adapterPath: b.artifact! }
      : b.status === "failed"
        ? {
            type: "failed",
            time,
            error: b.error || "failed (reported by the training-finished hook)",
          }
        : { type: "cancelled", time, step: 0 };
  const ref: ExternalRef = run.externalRef ?? {
    backend: run.backend as ExternalRef["backend"],
    id: `external:${run.id}`,
    cursor: null,
    state: { external: true },
  };
  // Log lines are keyed (run, seq); a time-based seq stays clear of a backend's small counters.
  return { event, seq: Date.now() * 1000 + Math.floor(Math.random() * 1000), ref };
}
