export { retryDelayMs } from "./backoff";
export {
  defineJob,
  PermanentJobError,
  type JobDefinition,
  type JobHandlerArgs,
  type JobRow,
} from "./define";
export { enqueueJob, type EnqueueInput } from "./enqueue";
export { claimJobs, completeJob, failJob, heartbeatJob, releaseJob } from "./queue";
export { startWorkerLoop, type WorkerLoop, type WorkerLoopOptions } from "./worker";
