import { EventEmitter } from "node:events";

// Wakes this process's worker loops when a job is enqueued here, so the embedded default does not
// wait a poll interval. Other processes still find the job by polling.
const bus = new EventEmitter();
bus.setMaxListeners(0);

export function nudgeWorkers(): void {
  bus.emit("nudge");
}

export function onNudge(listener: () => void): () => void {
  bus.on("nudge", listener);
  return () => bus.off("nudge", listener);
}
