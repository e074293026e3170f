import { z } from "zod";
import type { BackendEvent } from "../types";

// The worker's stdout protocol (trainers/local/worker/events.py), one JSON object per line.
// Fields the TypeScript side does not use are allowed and ignored; a missing or mistyped field
// it does use is an error naming the line.
const num = z
  .number()
  .nullable()
  .transform((v) => v ?? 0);
const base = { time: z.number() };

const WorkerEvent = z.discriminatedUnion("type", [
  z.object({
    ...base,
    type: z.literal("started"),
    device: z.string().default("cpu"),
    total_steps: num.default(0),
    resumed_from_step: num.default(0),
  }),
  z.object({
    ...base,
    type: z.literal("progress"),
    step: z.number().default(0),
    total_steps: num.default(0),
    epoch: num.default(0),
    tokens_seen: num.default(0),
    tokens_per_s: num.default(0),
    eta_s: num.default(0),
    peak_mem_bytes: z.number().int().nonnegative().optional(),
    done: z.number().optional(),
    total: z.number().optional(),
  }),
  z.object({
    ...base,
    type: z.literal("metric"),
    step: z.number(),
    name: z.string(),
    value: z.number().nullable(),
  }),
  z.object({ ...base, type: z.literal("checkpoint"), step: z.number(), path: z.string() }),
  z.object({ ...base, type: z.literal("artifact"), kind: z.string(), path: z.string() }),
  z.object({
    ...base,
    type: z.literal("log"),
    level: z.string().default("info"),
    message: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal("completed"),
    step: z.number().default(0),
    adapter_path: z.string().default(""),
    /** A full run's output instead of adapter_path: its model folder (DIR/model). */
    model_path: z.string().optional(),
    count: z.number().optional(),
  }),
  z.object({ ...base, type: z.literal("failed"), error: z.string() }),
  z.object({ ...base, type: z.literal("cancelled"), step: z.number().default(0) }),
]);
export type WorkerEvent = z.infer<typeof WorkerEvent>;

/** Parses one stdout line. Returns null for a metric whose value is not finite (sent as null). */
export function parseWorkerLine(line: string, where: string): BackendEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new Error(`${where}: worker wrote a line that is not JSON: ${line.slice(0, 200)}`);
  }
  const parsed = WorkerEvent.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${where}: bad worker event (${issue?.path.join(".") || "type"}: ${issue?.message}): ${line.slice(0, 200)}`,
    );
  }
  return toBackendEvent(parsed.data);
}

function toBackendEvent(e: WorkerEvent): BackendEvent | null {
  switch (e.type) {
    case "started":
      return {
        type: "started",
        time: e.time,
        device: e.device,
        totalSteps: e.total_steps,
        resumedFromStep: e.resumed_from_step,
      };
    case "progress":
      return {
        type: "progress",
        time: e.time,
        step: e.step,
        totalSteps: e.total_steps,
        epoch: e.epoch,
        tokensSeen: e.tokens_seen,
        tokensPerSecond: e.tokens_per_s,
        etaSeconds: e.eta_s,
        ...(e.peak_mem_bytes === undefined ? {} : { peakMemBytes: e.peak_mem_bytes }),
      };
    case "metric":
      return e.value === null
        ? null
        : { type: "metric", time: e.time, step: e.step, name: e.name, value: e.value };
    case "checkpoint":
      return { type: "checkpoint", time: e.time, step: e.step, path: e.path };
    case "artifact":
      return { type: "artifact", time: e.time, kind: e.kind, path: e.path };
    case "log":
      return {
        type: "log",
        time: e.time,
        level: e.level === "warning" ? "warning" : e.level === "error" ? "error" : "info",
        message: e.message,
      };
    case "completed":
      // A full run's model folder is stored where an adapter is (the run's "adapter" artifact);
      // generationTarget (server/services/runs) loads it as the model.
      return {
        type: "completed",
        time: e.time,
        step: e.step,
        adapterPath: e.model_path ?? e.adapter_path,
      };
    case "failed":
      return { type: "failed", time: e.time, error: e.error };
    case "cancelled":
      return { type: "cancelled", time: e.time, step: e.step };
  }
}
