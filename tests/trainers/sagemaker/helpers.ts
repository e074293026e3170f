import type { ExternalRef, PolledEvent, RunSpec, TrainingBackend } from "@/trainers/types";

export const chat = (q: string, a: string) => [
  { role: "user" as const, content: q },
  { role: "assistant" as const, content: a },
];

export function runSpec(over: Partial<RunSpec> = {}): RunSpec {
  return {
    baseModel: "HuggingFaceTB/SmolLM2-135M-Instruct",
    train: Array.from({ length: 12 }, (_, i) => chat(`what is ${i} + 1?`, String(i + 1))),
    eval: [chat("what is 20 + 1?", "21"), chat("what is 30 + 1?", "31")],
    lora: { r: 16, alpha: 32, dropout: 0.05, targetModules: null, useRslora: false },
    quantization: null,
    training: {
      epochs: 3,
      maxSteps: null,
      learningRate: 2e-4,
      batchSize: 4,
      gradAccum: 2,
      warmupSteps: 10,
      weightDecay: 0,
      maxSeqLen: 1024,
      seed: 42,
      logEvery: 5,
    },
    device: "auto",
    ...over,
  };
}

/** A worker stdout line exactly as Python's json.dumps writes it (", " and ": " separators). */
export function workerLine(obj: Record<string, unknown>): string {
  return `{${Object.entries({ time: 1_700_000_000.5, ...obj })
    .sort(([a], [b]) => (a === "type" ? -1 : b === "type" ? 1 : 0))
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(", ")}}`;
}

/** One poll: what it yields and the ref a consumer would store after the last event. */
export async function pollOnce(
  backend: TrainingBackend,
  ref: ExternalRef,
  waitMs = 0,
): Promise<{ polled: PolledEvent[]; ref: ExternalRef }> {
  const polled: PolledEvent[] = [];
  for await (const p of backend.poll(ref, { waitMs })) polled.push(p);
  return { polled, ref: polled.at(-1)?.ref ?? ref };
}
