import type { DescribeTrainingJobResponse } from "@aws-sdk/client-sagemaker";
import type { BackendEvent } from "../types";
import { jobCostUsd } from "./catalog";

// Pure: DescribeTrainingJob responses → BackendEvents. Statuses per the SageMaker API
// (backends.md §1.6): Stopped is never success, and a SecondaryStatus we do not know is opaque.

const seconds = (d: Date | undefined, fallback: number) => (d ? d.getTime() / 1000 : fallback);
const WARN = new Set([
  "Interrupted",
  "MaxWaitTimeExceeded",
  "MaxRuntimeExceeded",
  "Failed",
  "Stopping",
]);

/** One log event per SecondaryStatusTransition not reported yet. */
export function transitionEvents(
  desc: DescribeTrainingJobResponse,
  seen: number,
  now: number,
): { events: BackendEvent[]; seen: number } {
  const all = desc.SecondaryStatusTransitions ?? [];
  const events: BackendEvent[] = all.slice(seen).map((t) => {
    const spot =
      t.Status === "Interrupted"
        ? " (spot interruption: SageMaker restarts the job, which resumes from its last checkpoint)"
        : "";
    return {
      type: "log",
      time: seconds(t.StartTime, now),
      level: WARN.has(t.Status ?? "") ? "warning" : "info",
      message: `SageMaker ${desc.TrainingJobName}: ${t.Status}${t.StatusMessage ? ` - ${t.StatusMessage}` : ""}${spot}`,
    };
  });
  return { events, seen: Math.max(seen, all.length) };
}

export type JobOutcome =
  | { kind: "running" }
  | { kind: "terminal"; events: BackendEvent[] }
  /** Spot capacity ran out: a new job with the same CheckpointConfig resumes where this one stopped. */
  | { kind: "resubmit"; reason: string };

export function jobOutcome(
  desc: DescribeTrainingJobResponse,
  o: { lastStep: number; resubmitsLeft: number; now: number },
): JobOutcome {
  const name = desc.TrainingJobName;
  const time = seconds(desc.TrainingEndTime ?? desc.LastModifiedTime, o.now);
  const fail = (error: string): JobOutcome => ({
    kind: "terminal",
    events: [...costEvents(desc, o.lastStep, time), { type: "failed", time, error }],
  });
  const canResubmit = o.resubmitsLeft > 0;
  switch (desc.TrainingJobStatus) {
    case "Completed": {
      const adapterPath = desc.ModelArtifacts?.S3ModelArtifacts ?? "";
      return {
        kind: "terminal",
        events: [
          ...costEvents(desc, o.lastStep, time),
          { type: "artifact", time, kind: "adapter", path: adapterPath },
          { type: "completed", time, step: o.lastStep, adapterPath },
        ],
      };
    }
    case "Failed": {
      const reason = desc.FailureReason ?? "no FailureReason given";
      if (/CapacityError/.test(reason) && canResubmit) return { kind: "resubmit", reason };
      return fail(`SageMaker job ${name} failed: ${reason}`);
    }
    case "Stopped":
      if (desc.SecondaryStatus === "MaxWaitTimeExceeded") {
        if (canResubmit)
          return {
            kind: "resubmit",
            reason: "spot capacity did not come back within MaxWaitTimeInSeconds",
          };
        return fail(
          `SageMaker job ${name} stopped: spot capacity did not come back within MaxWaitTimeInSeconds (${desc.StoppingCondition?.MaxWaitTimeInSeconds}s); raise it or turn spot off`,
        );
      }
      if (desc.SecondaryStatus === "MaxRuntimeExceeded") {
        return fail(
          `SageMaker job ${name} stopped: it ran past MaxRuntimeInSeconds (${desc.StoppingCondition?.MaxRuntimeInSeconds}s); raise the limit or lower epochs/max_steps`,
        );
      }
      // StopTrainingJob, from cancel() or the console: the worker checkpointed on SIGTERM.
      return {
        kind: "terminal",
        events: [
          ...costEvents(desc, o.lastStep, time),
          { type: "cancelled", time, step: o.lastStep },
        ],
      };
    case "Deleting":
      return fail(`SageMaker job ${name} is being deleted`);
    default: // InProgress, Stopping, and anything newer
      return { kind: "running" };
  }
}

/** Billable seconds and their price, once SageMaker reports them (only after the job ends). */
export function costEvents(
  desc: DescribeTrainingJobResponse,
  step: number,
  time: number,
): BackendEvent[] {
  const billable = desc.BillableTimeInSeconds;
  if (billable === undefined) return [];
  const type = desc.ResourceConfig?.InstanceType ?? "unknown";
  const count = desc.ResourceConfig?.InstanceCount ?? 1;
  const cost = jobCostUsd(billable, type, count);
  const events: BackendEvent[] = [
    { type: "metric", time, step, name: "sagemaker/billable_seconds", value: billable * count },
  ];
  if (cost !== null) events.push({ type: "metric", time, step, name: "cost/usd", value: cost });
  const training = desc.TrainingTimeInSeconds;
  const savings =
    training && desc.EnableManagedSpotTraining
      ? ` (spot savings ${Math.round((1 - billable / training) * 100)}%)`
      : "";
  const price = cost === null ? `no price for ${type} in the table` : `$${cost.toFixed(4)}`;
  events.push({
    type: "log",
    time,
    level: "info",
    message: `SageMaker ${desc.TrainingJobName}: billable ${billable}s × ${count} ${type} = ${price}${savings}`,
  });
  return events;
}
